package io.fluxbase.mcp.chain;

import io.fluxbase.mcp.support.TestServer;

/** What the chain tests share: waiting for the chain processor to catch up with the log. */
public final class ChainedLogs {

    private ChainedLogs() {
    }

    /** Until every record of the log is chained and at least {@code checkpoints} checkpoints are signed. */
    public static void awaitChained(TestServer server, long checkpoints) {
        TestServer.await("the chain has every record of the log", () ->
                server.count("SELECT count(*) FROM fluxbase.log_chain")
                        >= server.count("SELECT count(*) FROM fluxbase.domain_event_entry")
                        && server.count("SELECT count(*) FROM fluxbase.log_checkpoint") >= checkpoints);
    }
}
