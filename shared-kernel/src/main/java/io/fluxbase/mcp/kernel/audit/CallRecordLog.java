package io.fluxbase.mcp.kernel.audit;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The audit read model as the admin API and `fluxbase logs` read it. */
public interface CallRecordLog {

    CompletableFuture<List<CallRecord>> list(ListCallRecordsQuery query);
}
