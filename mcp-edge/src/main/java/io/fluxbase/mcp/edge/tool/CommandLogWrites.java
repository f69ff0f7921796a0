package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.call.CallAudit;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.data.TableWriter;
import io.fluxbase.mcp.kernel.data.WriteCommand;
import io.fluxbase.mcp.kernel.data.WriteResult;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends a write to the command side with the call's record, which commits with it. Once the command side has
 * answered, with rows or with a refusal, the record is durable, so the transport does not record the call again.
 */
@Component
class CommandLogWrites {

    private final TableWriter writer;
    private final CallAudit audit;

    CommandLogWrites(TableWriter writer, CallAudit audit) {
        this.writer = writer;
        this.audit = audit;
    }

    Mono<McpSchema.CallToolResult> run(CallContext call, WriteCommand command,
            Function<WriteResult, McpSchema.CallToolResult> render) {
        // the future completes on the command log's single writer thread: continue at the call's home instead
        return Mono.fromFuture(() -> writer.write(command, audit.toRecord(call)))
                .publishOn(call.home())
                .map(result -> {
                    call.markRecorded();
                    call.rows(result.count());
                    return render.apply(result);
                })
                .onErrorResume(error -> ToolResults.refusalOf(error)
                        .map(refusal -> Mono.fromSupplier(() -> {
                            call.markRecorded();
                            return ToolResults.refused(call, refusal);
                        }))
                        .orElseGet(() -> Mono.error(error)));
    }
}
