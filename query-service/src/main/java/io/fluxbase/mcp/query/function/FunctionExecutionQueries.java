package io.fluxbase.mcp.query.function;

import io.fluxbase.mcp.kernel.function.FunctionActivity;
import io.fluxbase.mcp.kernel.function.FunctionExecution;
import io.fluxbase.mcp.kernel.function.FunctionExecutions;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the runs of functions for the resources and the admin API (what functions do, not what callers hold). */
@Component
class FunctionExecutionQueries implements FunctionExecutions {

    private static final String ACTIVITY = """
            SELECT DISTINCT ON (name) name, count(*) OVER (PARTITION BY name) AS invocations, time, outcome, status
            FROM fluxbase.function_executions
            ORDER BY name, global_index DESC""";

    private static final String ONE = """
            SELECT name, count(*) OVER () AS invocations, time, outcome, status
            FROM fluxbase.function_executions
            WHERE name = ?
            ORDER BY global_index DESC
            LIMIT 1""";

    private static final String RECENT = """
            SELECT call_id, time, name, version, key_id, via, outcome, status, error, duration_ms, bytes, logs
            FROM fluxbase.function_executions
            WHERE name = ?
            ORDER BY global_index DESC
            LIMIT ?""";

    private final JdbcTemplate jdbc;

    FunctionExecutionQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, FunctionActivity> activity() {
        Map<String, FunctionActivity> activity = new LinkedHashMap<>();
        jdbc.query(ACTIVITY, row -> {
            FunctionActivity one = activityOf(row);
            activity.put(one.name(), one);
        });
        return activity;
    }

    @Override
    public FunctionActivity activity(String name) {
        List<FunctionActivity> found = jdbc.query(ONE, (row, n) -> activityOf(row), name);
        return found.isEmpty() ? FunctionActivity.of(name, Map.of()) : found.get(0);
    }

    @Override
    public List<FunctionExecution> recent(String name, int limit) {
        return jdbc.query(RECENT, (row, n) -> new FunctionExecution(row.getString("call_id"),
                row.getTimestamp("time").toInstant(), row.getString("name"), row.getInt("version"),
                row.getString("key_id"), row.getString("via"), row.getString("outcome"), status(row),
                row.getString("error"), row.getDouble("duration_ms"), row.getLong("bytes"), lines(row.getArray("logs"))),
                name, limit);
    }

    private static FunctionActivity activityOf(ResultSet row) throws SQLException {
        return new FunctionActivity(row.getString("name"), row.getLong("invocations"),
                row.getTimestamp("time").toInstant(), row.getString("outcome"), status(row));
    }

    private static @Nullable Integer status(ResultSet row) throws SQLException {
        int status = row.getInt("status");
        return row.wasNull() ? null : status;
    }

    private static List<String> lines(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }
}
