package io.fluxbase.mcp.kernel.storage;

import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.data.AnswerSize;
import io.fluxbase.mcp.kernel.data.WriteResult;
import java.util.concurrent.CompletableFuture;

/**
 * Stores and removes files under the caller's role: the file's row, its content (with the PostgreSQL backend), its
 * event and the call's record commit in one transaction. Futures complete as {@code TableWriter}'s do: with the
 * result once durable, with a {@code DataAccessRefusal} whose record is durable, or with anything else when nothing
 * was committed. Each row of the result is one file, as JSON.
 */
public interface FileWriter {

    CompletableFuture<WriteResult> upload(UploadFileCommand command, CallRecord draft, AnswerSize answerSize);

    CompletableFuture<WriteResult> delete(DeleteFilesCommand command, CallRecord draft, AnswerSize answerSize);
}
