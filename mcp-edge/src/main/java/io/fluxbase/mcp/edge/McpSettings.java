package io.fluxbase.mcp.edge;

import io.fluxbase.mcp.kernel.audit.ArgumentAudit;
import io.fluxbase.mcp.kernel.audit.SecretNames;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code mcp.*} and {@code audit.*} settings of fluxbase.yaml, already checked by the settings loader. */
@ConfigurationProperties(prefix = "fluxbase")
public record McpSettings(Mcp mcp, Audit audit, Storage storage) {

    /**
     * {@code authFailuresPerMin}: failed authentications one client address may make in a minute before 429;
     * {@code trustedProxies}: see {@link io.fluxbase.mcp.edge.transport.TrustedProxies};
     * {@code maxRequestBytesInFlight}: request bodies held at once while they arrive, 0 for an eighth of the heap;
     * {@code requestReadTimeout}: the longest a request body may pause between two reads.
     */
    public record Mcp(boolean enabled, String basePath, int rateLimitPerMin, int authFailuresPerMin,
            String allowedOrigins, String allowedHosts, String trustedProxies, Duration sessionIdleTimeout,
            long maxResultBytes, long maxRequestBytes, long maxRequestBytesInFlight, Duration requestReadTimeout) {

        public List<String> allowedOriginList() {
            return split(allowedOrigins);
        }

        public List<String> allowedHostList() {
            return split(allowedHosts);
        }

        private static List<String> split(String list) {
            return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }

    /** {@code maxFileSize}: the largest file the server takes, in bytes, whatever a bucket allows. */
    public record Storage(String backend, long maxFileSize) {
    }

    /**
     * {@code arguments}: what a call record keeps of the arguments and of error messages (see {@link ArgumentAudit});
     * {@code secretNames}: the names masked wherever they occur in the arguments (the defaults when not set).
     */
    public record Audit(String arguments, @Nullable String secretNames) {

        public ArgumentAudit mode() {
            return ArgumentAudit.parse(arguments);
        }

        public SecretNames secrets() {
            return secretNames == null ? SecretNames.defaults() : SecretNames.parse(secretNames);
        }
    }
}
