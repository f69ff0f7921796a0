package io.fluxbase.mcp.edge.admin;

import io.fluxbase.mcp.kernel.compliance.ComplianceReportQuery;
import io.fluxbase.mcp.kernel.compliance.ComplianceReports;
import io.fluxbase.mcp.kernel.time.TimeSpec;
import java.time.Instant;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /admin/v1/compliance/report?since=30d&until=...}: the report's figures as JSON (snake_case, times in
 * RFC 3339); the CLI renders them as HTML or Markdown. A period without records is an empty report, not an error.
 */
@Configuration(proxyBeanMethods = false)
class ComplianceAdminRoutes {

    static final String PATH = "/admin/v1/compliance/report";
    static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private final AdminRequests requests;
    private final ComplianceReports reports;

    ComplianceAdminRoutes(AdminRequests requests, ComplianceReports reports) {
        this.requests = requests;
        this.reports = reports;
    }

    @Bean
    RouterFunction<ServerResponse> complianceAdminApi() {
        return RouterFunctions.route().GET(PATH, requests.guarded(this::report)).build();
    }

    private Mono<ServerResponse> report(ServerRequest request) {
        Instant now = Instant.now();
        Instant since = TimeSpec.pointInPast(request.queryParam("since").orElse("30d"), now, "since");
        String untilText = request.queryParam("until").filter(text -> !text.isBlank()).orElse(null);
        Instant until = untilText == null ? now : TimeSpec.pointInPast(untilText, now, "until");
        ComplianceReportQuery query = new ComplianceReportQuery(since, until);
        return Mono.fromFuture(() -> reports.report(query))
                .flatMap(report -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(JSON.writeValueAsString(report)));
    }
}
