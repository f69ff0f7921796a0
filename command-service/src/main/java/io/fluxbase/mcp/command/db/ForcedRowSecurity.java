package io.fluxbase.mcp.command.db;

import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.dao.DataAccessException;

/**
 * The server's own connections run with {@code row_security = off} (DataSources): its login is a member of the
 * project's tables' owner, so policies pass it by, except on a table the project forced row-level security on. There
 * PostgreSQL would run the project's policies, and the functions they call, with the server's rights, which reach the
 * command log; with row security off it refuses the statement instead. This tells the owner which table did that and
 * what to change.
 */
public final class ForcedRowSecurity {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** PostgreSQL's words (rls.c), the table's name between quotes as it is, unescaped. */
    private static final Pattern REFUSED = Pattern.compile(
            "query would be affected by row-level security policy for table \"(.*)\"");

    private ForcedRowSecurity() {
    }

    /**
     * The refusal to show when {@code error} is PostgreSQL refusing to apply a policy to the server's own login;
     * {@code tables} are the tables the statement read, as messages name them (PostgreSQL names the table without its
     * schema), the first one whose name matches being the one named.
     */
    public static Optional<IllegalStateException> refusal(Throwable error, String... tables) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && INSUFFICIENT_PRIVILEGE.equals(sql.getSQLState())
                    && sql.getMessage() != null) {
                Matcher refused = REFUSED.matcher(sql.getMessage());
                if (refused.find()) {
                    return Optional.of(new IllegalStateException(message(named(refused.group(1), tables)), error));
                }
            }
        }
        return Optional.empty();
    }

    /** Runs a read of {@code tables} on the server's own login, telling a forced-RLS refusal of it as such. */
    public static <T> T told(Supplier<T> read, String... tables) {
        try {
            return read.get();
        } catch (DataAccessException e) {
            throw refusal(e, tables).orElseThrow(() -> e);
        }
    }

    static String message(String table) {
        return "forced row-level security on " + table + " keeps the server from reading it: the server reads the"
                + " project's tables with row security off, so that no policy of the project's runs with the server's"
                + " own rights. Take it off (ALTER TABLE " + table + " NO FORCE ROW LEVEL SECURITY); the policies"
                + " still apply to every key";
    }

    private static String named(String relation, String... tables) {
        for (String table : tables) {
            String name = table.substring(table.lastIndexOf('.') + 1);
            if (name.equals(relation) || name.equals("\"" + relation.replace("\"", "\"\"") + "\"")) {
                return table;
            }
        }
        return relation;
    }
}
