package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.call.CallAudit;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.data.AnswerSize;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.data.TableWriter;
import io.fluxbase.mcp.kernel.data.WriteCommand;
import io.fluxbase.mcp.kernel.data.WriteResult;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends a write to the command side with the call's record, which commits with it. Once the command side has
 * answered, with rows or with a refusal, the record is durable, so the transport does not record the call again.
 * The record's bytes out are the answer's: the command side asks {@link AnswerSize} before it commits, and the
 * answer rendered for that is the one sent, as the bytes written then.
 */
@Component
class CommandLogWrites {

    private final TableWriter writer;
    private final CallAudit audit;
    private final McpJsonMapper json;

    CommandLogWrites(TableWriter writer, CallAudit audit, McpJsonMapper json) {
        this.writer = writer;
        this.audit = audit;
        this.json = json;
    }

    Mono<McpSchema.CallToolResult> run(CallContext call, WriteCommand command,
            Function<WriteResult, McpSchema.CallToolResult> render) {
        return run(call, (draft, answerSize) -> writer.write(command, draft, answerSize), render);
    }

    /** Any write that commits the call's record with it, as {@link TableWriter} does (a file write, say). */
    Mono<McpSchema.CallToolResult> run(CallContext call,
            BiFunction<CallRecord, AnswerSize, CompletableFuture<WriteResult>> write,
            Function<WriteResult, McpSchema.CallToolResult> render) {
        AtomicReference<McpSchema.CallToolResult> rendered = new AtomicReference<>();
        AnswerSize answerSize = new AnswerSize() {
            @Override
            public long of(WriteResult result) {
                McpSchema.CallToolResult answer = render.apply(result);
                rendered.set(answer);
                byte[] response = response(call, answer);
                call.written(answer, response);
                return response.length;
            }

            @Override
            public long of(DataAccessRefusal refusal) {
                return response(call, ToolResults.errorResult(refusal.getMessage())).length;
            }
        };
        // the future completes on the command log's single writer thread: continue at the call's home instead
        return Mono.fromFuture(() -> write.apply(audit.toRecord(call), answerSize))
                .publishOn(call.home())
                .map(result -> {
                    call.markRecorded();
                    call.rows(result.count());
                    McpSchema.CallToolResult answer = rendered.get();
                    return answer != null ? answer : render.apply(result);
                })
                .onErrorResume(error -> ToolResults.refusalOf(error)
                        .map(refusal -> Mono.fromSupplier(() -> {
                            call.markRecorded();
                            return ToolResults.refused(call, refusal);
                        }))
                        .orElseGet(() -> Mono.error(error)));
    }

    /** The JSON-RPC response the transport will send for this result, as the SDK and the transport write it. */
    private byte[] response(CallContext call, McpSchema.CallToolResult answer) {
        try {
            return json.writeValueAsBytes(McpSchema.JSONRPCResponse.result(call.requestId(), answer));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
