package io.fluxbase.mcp.command.db;

import io.fluxbase.mcp.kernel.table.TableRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts the change-capture triggers (V12__caller_isolation.sql) on user tables, as the server's own login, which owns
 * the tables it created: at start, after {@code db apply}, and for a table a write found without them. Where the
 * login may create event triggers (a superuser, as on the embedded database) new tables get them as they are made.
 */
@Component
public class CaptureTriggers {

    private static final Logger log = LoggerFactory.getLogger(CaptureTriggers.class);

    private final JdbcTemplate jdbc;

    CaptureTriggers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every user table the server's login may put triggers on; returns how many got them now. */
    public int captureAll() {
        Integer added = jdbc.queryForObject("SELECT fluxbase.capture_user_tables()", Integer.class);
        return added == null ? 0 : added;
    }

    /** @return whether the table has its triggers now (false when the login may not create them) */
    public boolean capture(TableRef table) {
        try {
            jdbc.queryForObject("SELECT fluxbase.capture_table(to_regclass(?))", Boolean.class, table.qualified());
            return true;
        } catch (DataAccessException e) {
            log.warn("changes to {} cannot be captured for the command log: {}", table.displayName(),
                    e.getMostSpecificCause().getMessage());
            return false;
        }
    }
}
