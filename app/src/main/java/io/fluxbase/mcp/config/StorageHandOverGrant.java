package io.fluxbase.mcp.config;

import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.springframework.stereotype.Component;

/**
 * V35 hands storage's tables to {@code fluxbase_schema_owner}. A login that is not a superuser may give a table only
 * to a role that may create in the table's schema, which the owner may not in {@code storage}. V35 has run on
 * existing databases and cannot change (Flyway checks that what ran is what it finds), so the grant comes from here:
 * in V35's transaction, before it, and taken back after it.
 */
@Component
class StorageHandOverGrant implements Callback {

    private static final MigrationVersion HAND_OVER = MigrationVersion.fromVersion("35");

    // as V35 creates the role, which does not exist before it
    private static final String GRANT = """
            DO $$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fluxbase_schema_owner') THEN
                    CREATE ROLE fluxbase_schema_owner NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION
                        NOBYPASSRLS INHERIT;
                END IF;
            END
            $$;
            GRANT CREATE ON SCHEMA storage TO fluxbase_schema_owner""";
    private static final String TAKE_BACK = "REVOKE CREATE ON SCHEMA storage FROM fluxbase_schema_owner";

    @Override
    public boolean supports(Event event, Context context) {
        return (event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE)
                && context.getMigrationInfo() != null && HAND_OVER.equals(context.getMigrationInfo().getVersion());
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute(event == Event.BEFORE_EACH_MIGRATE ? GRANT : TAKE_BACK);
        } catch (SQLException e) {
            throw new IllegalStateException("could not " + (event == Event.BEFORE_EACH_MIGRATE ? "grant" : "revoke")
                    + " CREATE on schema storage to fluxbase_schema_owner around migration 35: " + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "storage hand-over grant";
    }
}
