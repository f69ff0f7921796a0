package io.fluxbase.mcp.config;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Releases, before the projections start, the claims that a process of this host which no longer runs (a server
 * killed or crashed) still holds on their tokens. Axon names a claim's owner {@code pid@host}; left alone, such a
 * claim keeps the projections idle until it times out, so after a crash the audit log and the key registry would
 * stand still for the first seconds after the restart. Claims of other hosts, and of processes still running here,
 * are left to Axon.
 */
@Component
class StaleTokenClaims {

    private static final Logger log = LoggerFactory.getLogger(StaleTokenClaims.class);

    StaleTokenClaims(JdbcTemplate jdbc, FlywayMigrationInitializer migrated) {
        String self = ManagementFactory.getRuntimeMXBean().getName();
        int at = self.indexOf('@');
        if (at < 0) {
            return;
        }
        String host = self.substring(at);
        List<String> owners = jdbc.queryForList("SELECT DISTINCT owner FROM fluxbase.token_entry"
                + " WHERE owner IS NOT NULL AND owner <> ? AND right(owner, ?) = ?", String.class,
                self, host.length(), host);
        for (String owner : owners) {
            if (!running(owner.substring(0, owner.length() - host.length()))) {
                int released = jdbc.update("UPDATE fluxbase.token_entry SET owner = NULL WHERE owner = ?", owner);
                log.info("released {} token claim(s) of {}, a process of this host that no longer runs", released,
                        owner);
            }
        }
    }

    private static boolean running(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException notAPid) {
            return true; // not a name this host's processes give: not ours to judge
        }
    }
}
