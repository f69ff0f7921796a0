package io.fluxbase.mcp.command.function;

import io.fluxbase.mcp.kernel.audit.Digests;
import io.fluxbase.mcp.kernel.function.DeployFunctionCommand;
import io.fluxbase.mcp.kernel.function.DeployedFunction;
import io.fluxbase.mcp.kernel.function.FunctionDeletedEvent;
import io.fluxbase.mcp.kernel.function.FunctionDeployedEvent;
import io.fluxbase.mcp.kernel.function.FunctionDeployments;
import io.fluxbase.mcp.kernel.function.FunctionNotFound;
import io.fluxbase.mcp.kernel.function.JobDefinition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deploys and deletes edge functions on the server's own connection: the function's row and its event commit in one
 * transaction (the event store joins it). Versions only grow, across deletes too.
 */
@Component
class EdgeFunctionCatalog implements FunctionDeployments {

    private static final String LIVE = "SELECT name, version, sha256, description, timeout_ms, input_schema::text,"
            + " source, deployed_at, job_max_attempts, job_backoff_ms FROM fluxbase.edge_functions"
            + " WHERE deleted_at IS NULL";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final EventStore events;

    EdgeFunctionCatalog(JdbcTemplate jdbc, TransactionTemplate transaction, EventStore events) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.events = events;
    }

    @Override
    public DeployedFunction deploy(DeployFunctionCommand command) {
        String sha256 = Digests.sha256(command.source());
        JobDefinition job = command.job();
        return transaction.execute(status -> {
            Integer version = jdbc.queryForObject("""
                    INSERT INTO fluxbase.edge_functions AS f (name, version, sha256, description, timeout_ms,
                        input_schema, source, job_max_attempts, job_backoff_ms)
                    VALUES (?, 1, ?, ?, ?, ?::jsonb, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET version = f.version + 1, sha256 = excluded.sha256,
                        description = excluded.description, timeout_ms = excluded.timeout_ms,
                        input_schema = excluded.input_schema, source = excluded.source, deployed_at = now(),
                        deleted_at = NULL, job_max_attempts = excluded.job_max_attempts,
                        job_backoff_ms = excluded.job_backoff_ms
                    RETURNING version""", Integer.class, command.name(), sha256, command.description(),
                    command.timeout().toMillis(), command.inputSchema(), command.source(),
                    job == null ? null : job.maxAttempts(), job == null ? null : job.backoff().toMillis());
            events.publish(GenericEventMessage.asEventMessage(new FunctionDeployedEvent(command.name(), version,
                    sha256, command.description(), command.timeout().toMillis(), command.inputSchema(),
                    command.source(), job)));
            return find(command.name()).orElseThrow();
        });
    }

    @Override
    public int delete(String name) {
        Integer version = transaction.execute(status -> {
            List<Integer> deleted = jdbc.queryForList("UPDATE fluxbase.edge_functions SET deleted_at = now()"
                    + " WHERE name = ? AND deleted_at IS NULL RETURNING version", Integer.class, name);
            if (deleted.isEmpty()) {
                throw notFound(name);
            }
            events.publish(GenericEventMessage.asEventMessage(new FunctionDeletedEvent(name, deleted.getFirst())));
            return deleted.getFirst();
        });
        return version == null ? 0 : version;
    }

    @Override
    public Optional<DeployedFunction> find(String name) {
        return jdbc.query(LIVE + " AND name = ?", EdgeFunctionCatalog::function, name).stream().findFirst();
    }

    @Override
    public List<DeployedFunction> list() {
        return jdbc.query(LIVE + " ORDER BY name", EdgeFunctionCatalog::function);
    }

    private FunctionNotFound notFound(String name) {
        return new FunctionNotFound(name, list().stream().map(DeployedFunction::name).toList());
    }

    private static DeployedFunction function(ResultSet row, int index) throws SQLException {
        int maxAttempts = row.getInt(9);
        JobDefinition job = row.wasNull() ? null : new JobDefinition(maxAttempts, Duration.ofMillis(row.getLong(10)));
        return new DeployedFunction(row.getString(1), row.getInt(2), row.getString(3), row.getString(4),
                Duration.ofMillis(row.getLong(5)), row.getString(6), row.getString(7),
                row.getTimestamp(8).toInstant(), job);
    }
}
