package io.fluxbase.mcp.callerdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGStatement;

/**
 * Runs kernel-built SQL over JDBC. The kernel numbers its placeholders {@code $1, $2, ...} in the order they appear
 * (PostgreSQL's own form, which R2DBC takes as is); JDBC wants {@code ?}, so they are renumbered here, outside
 * quoted names, after checking that they really do run in order.
 */
public final class JdbcStatements {

    private JdbcStatements() {
    }

    /** What one statement of several returned: its rows (each its columns as text), or its update count. */
    public record Outcome(List<String[]> rows, long updateCount) {

        public boolean hasRows() {
            return updateCount < 0;
        }
    }

    /**
     * Runs one or more statements (already in JDBC form, {@code ?} placeholders) in one round trip, and returns what
     * each of them returned, in order.
     */
    public static List<Outcome> execute(Connection connection, String text, List<Object> parameters) throws SQLException {
        return execute(connection, text, parameters, false);
    }

    /**
     * As {@link #execute(Connection, String, List)}, on the session's unnamed statement, never one kept prepared by
     * name. SQL that ran earlier in the session (a policy, a trigger or a function of the project's, under the
     * caller's role) can replace a statement kept by name (DEALLOCATE, then PREPARE under the same name), and the
     * driver would then bind its parameters to that SQL instead; an unnamed statement is parsed from the text sent
     * with it, and SQL cannot PREPARE one. So what carries the log gate's key, or ends a write, goes this way.
     */
    public static List<Outcome> executeUnnamed(Connection connection, String text, List<Object> parameters)
            throws SQLException {
        return execute(connection, text, parameters, true);
    }

    private static List<Outcome> execute(Connection connection, String text, List<Object> parameters, boolean unnamed)
            throws SQLException {
        List<Outcome> outcomes = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, text, parameters)) {
            if (unnamed) {
                statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
            boolean isRows = statement.execute();
            while (true) {
                if (isRows) {
                    try (ResultSet rows = statement.getResultSet()) {
                        outcomes.add(new Outcome(rows(rows), -1));
                    }
                } else {
                    long count = statement.getLargeUpdateCount();
                    if (count == -1) {
                        return outcomes;
                    }
                    outcomes.add(new Outcome(List.of(), count));
                }
                isRows = statement.getMoreResults();
            }
        }
    }

    private static List<String[]> rows(ResultSet rows) throws SQLException {
        int columns = rows.getMetaData().getColumnCount();
        List<String[]> read = new ArrayList<>();
        while (rows.next()) {
            String[] row = new String[columns];
            for (int i = 0; i < columns; i++) {
                row[i] = rows.getString(i + 1);
            }
            read.add(row);
        }
        return read;
    }

    private static PreparedStatement prepare(Connection connection, String text, List<Object> parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(text);
        int index = 1;
        for (Object parameter : parameters) {
            switch (parameter) {
                case String value -> statement.setString(index, value);
                case Long number -> statement.setLong(index, number);
                case byte[] bytes -> statement.setBytes(index, bytes);
                case Boolean flag -> statement.setBoolean(index, flag);
                case String[] items -> statement.setArray(index, connection.createArrayOf("text", items));
                default -> throw new IllegalArgumentException("cannot bind a " + parameter.getClass().getName());
            }
            index++;
        }
        return statement;
    }

    /**
     * Simple statements of our own (transaction ends, session resets): several in one round trip, unnamed (see
     * {@link #executeUnnamed}), since they run after a caller's SQL.
     */
    public static void run(Connection connection, String statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            statement.execute(statements);
        }
    }

    public static String jdbcText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int expected = 1;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
                out.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                out.append(c);
            } else if (c == '$' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))) {
                int end = i + 1;
                while (end < text.length() && Character.isDigit(text.charAt(end))) {
                    end++;
                }
                int number = Integer.parseInt(text.substring(i + 1, end));
                if (number != expected) {
                    throw new IllegalStateException("placeholder $" + number + " out of order in: " + text);
                }
                expected++;
                out.append('?');
                i = end - 1;
            } else if (c == '?') {
                throw new IllegalStateException("a bare '?' would be taken for a JDBC placeholder in: " + text);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
