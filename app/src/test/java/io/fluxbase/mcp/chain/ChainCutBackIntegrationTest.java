package io.fluxbase.mcp.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.FluxbaseCommand;
import io.fluxbase.mcp.support.FluxbaseCommand.Run;
import io.fluxbase.mcp.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whoever may change the database cuts the log back to an early checkpoint (the checkpoints, chain rows and records
 * after it deleted), so that the server chains what comes next in their place and signs it. The last checkpoint
 * the server signed is kept beside its signing key, out of the database's reach: verify names the cut, and the
 * server signs nothing over it.
 */
class ChainCutBackIntegrationTest {

    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of("FLUXBASE_AUDIT_CHECKPOINT_EVERY", "5",
                "FLUXBASE_AUDIT_CHECKPOINT_INTERVAL", "1s"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aLogCutBackToAnEarlierCheckpointIsNamedAndNeverSignedOver() throws InterruptedException {
        for (int i = 0; i < 6; i++) {
            server.createKey("before-" + i, "service", "read:tables");
        }
        ChainedLogs.awaitChained(server, 3);
        long first = server.count("SELECT min(position) FROM fluxbase.log_checkpoint");
        long lastSigned = server.count("SELECT max(position) FROM fluxbase.log_checkpoint");
        assertThat(lastSigned).isGreaterThan(first);

        server.executeAsServer("BEGIN;"
                + " DELETE FROM fluxbase.domain_event_entry WHERE global_index > (SELECT global_index"
                + " FROM fluxbase.log_chain WHERE position = " + first + ");"
                + " DELETE FROM fluxbase.log_checkpoint WHERE position > " + first + ";"
                + " DELETE FROM fluxbase.log_chain WHERE position > " + first + "; COMMIT");

        Run run = FluxbaseCommand.run(server, "logs", "verify", "-o=json");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> finding = (Map<String, Object>) TestServer.JSON.readValue(run.out(), Map.class)
                .get("finding");
        assertThat(finding).containsEntry("kind", "deleted");
        assertThat((String) finding.get("message")).contains("chain position " + lastSigned)
                .contains("records after it and their chain rows were deleted");

        // what comes next is chained after the cut, but no checkpoint signs it
        for (int i = 0; i < 6; i++) {
            server.createKey("after-" + i, "service", "read:tables");
        }
        TestServer.await("the new records chained", () -> server.count("SELECT count(*) FROM fluxbase.log_chain")
                >= server.count("SELECT count(*) FROM fluxbase.domain_event_entry"));
        Thread.sleep(6_000); // more than the head's checkpoint interval and the scheduler's 5 s
        assertThat(server.count("SELECT count(*) FROM fluxbase.log_chain WHERE position > ?", first)).isPositive();
        assertThat(server.count("SELECT count(*) FROM fluxbase.log_checkpoint WHERE position > ?", first))
                .as("checkpoints signed over the cut").isZero();
        assertThat(FluxbaseCommand.run(server, "logs", "verify").exit()).isEqualTo(1);
    }
}
