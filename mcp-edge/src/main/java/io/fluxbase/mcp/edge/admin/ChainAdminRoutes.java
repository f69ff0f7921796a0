package io.fluxbase.mcp.edge.admin;

import io.fluxbase.mcp.kernel.audit.AuditCategory;
import io.fluxbase.mcp.kernel.chain.ChainReport;
import io.fluxbase.mcp.kernel.chain.ChainedLog;
import io.fluxbase.mcp.kernel.chain.CheckpointKeys;
import io.fluxbase.mcp.kernel.time.TimeSpec;
import java.security.PublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The admin API of the tamper-evident log: the checkpoint key's public half, and verification streamed as JSON
 * lines ({@code {"progress":{"done","total"}}} as it goes, then {@code {"report":{...}}}), and export, streamed the
 * same way as {@link io.fluxbase.mcp.kernel.chain.ExportLines} with progress lines between; {@code prune} applies
 * {@code audit.retention} now rather than at the next hourly run.
 */
@Configuration(proxyBeanMethods = false)
class ChainAdminRoutes {

    private static final String BASE = "/admin/v1/logs";

    private final AdminRequests requests;
    private final ChainedLog chain;

    ChainAdminRoutes(AdminRequests requests, ChainedLog chain) {
        this.requests = requests;
        this.chain = chain;
    }

    @Bean
    RouterFunction<ServerResponse> chainAdminApi() {
        return RouterFunctions.route()
                .GET(BASE + "/pubkey", requests.guarded(request -> requests.blocking(chain::publicKeyPem)
                        .flatMap(pem -> AdminRequests.ok(Map.of("algorithm", CheckpointKeys.ALGORITHM, "pem", pem,
                                "base64", pem.lines().filter(line -> !line.startsWith("-----"))
                                        .reduce("", String::concat))))))
                .POST(BASE + "/verify", requests.guarded(this::verify))
                .GET(BASE + "/export", requests.guarded(this::export))
                .POST(BASE + "/prune", requests.guarded(request -> requests.made(request, "chain.prune", null,
                                requests.blocking(chain::prune))
                        .flatMap(pruned -> AdminRequests.ok(pruned.<Map<String, Object>>map(p -> Map.of(
                                "pruned", p.recordsRemoved(), "through_position", p.throughPosition(),
                                "cut_before", p.cutBefore().toString())).orElse(Map.of("pruned", 0))))))
                .build();
    }

    private Mono<ServerResponse> verify(ServerRequest request) {
        return AdminRequests.body(request).flatMap(body -> {
            String sinceText = AdminRequests.text(body, "since");
            Instant since = sinceText == null || sinceText.isBlank() ? null
                    : TimeSpec.pointInPast(sinceText, Instant.now(), "since");
            String keyText = AdminRequests.text(body, "public_key");
            PublicKey key = keyText == null ? null : CheckpointKeys.parse(keyText, "public_key");
            String keySource = AdminRequests.text(body, "public_key_source");
            return requests.jsonLines(lines -> {
                ChainReport report = chain.verify(since, key, keySource == null ? "the given key" : keySource,
                        (done, total) -> lines.next(Map.of("progress", progress(done, total))));
                lines.next(Map.of("report", report.view()));
            });
        });
    }

    private Mono<ServerResponse> export(ServerRequest request) {
        Instant now = Instant.now();
        String sinceText = request.queryParam("since").filter(text -> !text.isBlank()).orElseThrow(() ->
                new IllegalArgumentException("since: required; a duration such as 30d, or an RFC 3339 time"));
        Instant since = TimeSpec.pointInPast(sinceText, now, "since");
        Instant until = request.queryParam("until").filter(text -> !text.isBlank())
                .map(text -> TimeSpec.pointInPast(text, now, "until")).orElse(now);
        if (!until.isAfter(since)) {
            throw new IllegalArgumentException("until: " + until + " is not after since (" + since + ")");
        }
        String category = request.queryParam("category").filter(text -> !text.isBlank())
                .map(text -> AuditCategory.parse(text).wireName()).orElse(null);
        String key = request.queryParam("key").filter(text -> !text.isBlank()).orElse(null);
        ChainedLog.ExportRange range = new ChainedLog.ExportRange(since, until, category, key);
        return requests.jsonLines(lines -> chain.export(range, lines::next,
                (done, total) -> lines.next(Map.of("progress", progress(done, total)))));
    }

    private static Map<String, Object> progress(long done, @Nullable Long total) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("done", done);
        progress.put("total", total);
        return progress;
    }
}
