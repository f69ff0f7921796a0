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
 * Whoever may change the database holds the chain back from what the log holds. Cutting the log back to an early
 * checkpoint (the checkpoints, chain rows and records after it deleted), so that the server chains what comes next in
 * their place and signs it: the last checkpoint the server signed is kept beside its signing key, out of the
 * database's reach, so verify names the cut and the server signs nothing over it. Stalling the chain's processor, so
 * that what is written after is never chained: verify names the first record left out.
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

        Map<String, Object> finding = failedVerification();
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

    @Test
    void aChainThatStopsFollowingTheLogIsNamedUnchained() {
        ChainedLogs.awaitChained(server, 1);
        // the processor's claim taken by a node that does not exist, for ever
        server.executeAsServer("UPDATE fluxbase.token_entry SET owner = 'elsewhere', timestamp ="
                + " '2999-01-01T00:00:00Z' WHERE processor_name = 'log-chain'");
        long chained = server.count("SELECT count(*) FROM fluxbase.log_chain");
        for (int i = 0; i < 3; i++) {
            server.createKey("unchained-" + i, "service", "read:tables");
        }
        assertThat(FluxbaseCommand.run(server, "logs", "verify").exit()).as("records of a moment ago").isZero();
        // as if they had been written an hour ago
        server.executeAsServer("UPDATE fluxbase.domain_event_entry SET time_stamp = to_char(now() AT TIME ZONE"
                + " 'UTC' - interval '1 hour', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') WHERE global_index >"
                + " (SELECT max(global_index) FROM fluxbase.log_chain)");
        assertThat(server.count("SELECT count(*) FROM fluxbase.log_chain")).as("the chain held").isEqualTo(chained);

        Map<String, Object> finding = failedVerification();
        assertThat(finding).containsEntry("kind", "unchained").containsEntry("position", null);
        assertThat((String) finding.get("message")).contains("the chain stopped following the log");
    }

    /** The finding of a verification that failed, with exit status 1. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> failedVerification() {
        Run run = FluxbaseCommand.run(server, "logs", "verify", "-o=json");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        return (Map<String, Object>) TestServer.JSON.readValue(run.out(), Map.class).get("finding");
    }
}
