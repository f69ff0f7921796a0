package io.fluxbase.mcp.command.table;

import io.fluxbase.mcp.kernel.sql.BoundSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs kernel-built SQL over JDBC. The kernel numbers its placeholders {@code $1, $2, ...} in the order they appear
 * (PostgreSQL's own form, which R2DBC takes as is); JDBC wants {@code ?}, so they are renumbered here, outside
 * quoted names, after checking that they really do run in order.
 */
final class JdbcStatements {

    private JdbcStatements() {
    }

    /**
     * Runs one or more statements (already in JDBC form, {@code ?} placeholders) in one round trip, and returns
     * the rows of each statement that returned rows, in order: each row as (key, row, all) for a write's three
     * columns, or (null, value, null) for one column.
     */
    static List<List<DataChanges.Returned>> results(Connection connection, String text, List<Object> parameters)
            throws SQLException {
        List<List<DataChanges.Returned>> results = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, text, parameters)) {
            boolean isRows = statement.execute();
            while (isRows || statement.getUpdateCount() != -1) {
                if (isRows) {
                    try (ResultSet rows = statement.getResultSet()) {
                        results.add(rows(rows));
                    }
                }
                isRows = statement.getMoreResults();
            }
        }
        return results;
    }

    private static List<DataChanges.Returned> rows(ResultSet rows) throws SQLException {
        boolean write = rows.getMetaData().getColumnCount() == 3;
        List<DataChanges.Returned> returned = new ArrayList<>();
        while (rows.next()) {
            returned.add(write ? new DataChanges.Returned(rows.getString(1), rows.getString(2), rows.getString(3))
                    : new DataChanges.Returned(null, rows.getString(1), null));
        }
        return returned;
    }

    private static PreparedStatement prepare(Connection connection, String text, List<Object> parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(text);
        int index = 1;
        for (Object parameter : parameters) {
            switch (parameter) {
                case String value -> statement.setString(index, value);
                case Long number -> statement.setLong(index, number);
                case String[] items -> statement.setArray(index, connection.createArrayOf("text", items));
                default -> throw new IllegalArgumentException("cannot bind a " + parameter.getClass().getName());
            }
            index++;
        }
        return statement;
    }

    /** Simple statements of our own (savepoints, role switches): several in one round trip. */
    static void run(Connection connection, String statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(statements);
        }
    }

    static String jdbcText(String text) {
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
