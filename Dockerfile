# The Fluxbase MCP server as a container. Build: docker build -t fluxbase-mcp .
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -DskipTests -pl app -am package

FROM eclipse-temurin:21-jre
RUN useradd --system --home /var/lib/fluxbase fluxbase && mkdir -p /var/lib/fluxbase && chown fluxbase /var/lib/fluxbase
COPY --from=build /src/app/target/fluxbase.jar /opt/fluxbase/fluxbase.jar
USER fluxbase
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true \
    FLUXBASE_DATA_DIR=/var/lib/fluxbase \
    FLUXBASE_HOST=0.0.0.0
EXPOSE 8080
# bash's /dev/tcp: the JRE image has no curl or wget
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /mcp/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"healthy\"' <&3"]
# the inlining budgets are the launcher's (./fluxbase says why)
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-XX:FreqInlineSize=150", "-XX:InlineSmallCode=1500", "-jar", \
    "/opt/fluxbase/fluxbase.jar"]
CMD ["start", "--port", "8080"]
