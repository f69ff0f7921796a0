package io.fluxbase.mcp.kernel.clientkey;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What a client key may do. A key holds exactly the scopes it was given; no type implies another scope. */
public enum Scope {
    READ_TABLES("read:tables", "read rows of tables (query_table), as the key's role and policies allow"),
    WRITE_TABLES("write:tables", "insert, update and delete rows (insert_record, update_record, delete_record)"),
    EXECUTE_FUNCTIONS("execute:functions", "call, deploy and read edge functions"),
    EXECUTE_RPC("execute:rpc", "call the database functions of rpc.schemas (invoke_rpc, rpc://list)"),
    READ_STORAGE("read:storage", "list and download files from buckets"),
    WRITE_STORAGE("write:storage", "upload and delete files in buckets"),
    EXECUTE_JOBS("execute:jobs", "submit background jobs and read their status"),
    READ_VECTORS("read:vectors", "search tables by meaning (vector_search)"),
    READ_SCHEMA("read:schema", "read tables' columns, keys and policies (schema://tables)"),
    READ_AUDIT("read:audit", "read a row's change history (history://tables/...)");

    private final String wireName;
    private final String meaning;

    Scope(String wireName, String meaning) {
        this.wireName = wireName;
        this.meaning = meaning;
    }

    public String wireName() {
        return wireName;
    }

    /** What the scope lets a key do, in a phrase, for people choosing scopes (the dashboard's create form). */
    public String meaning() {
        return meaning;
    }

    /** The one refusal of a key without this scope; {@code needing} is what asked for it (a tool, a URI, ...). */
    public String missingFor(String needing) {
        return "This key lacks the scope '" + wireName + "' that " + needing + " needs. Ask the key's owner for a"
                + " key that holds '" + wireName + "'.";
    }

    @Override
    public String toString() {
        return wireName;
    }

    public static String validNames() {
        return Arrays.stream(values()).map(Scope::wireName).collect(Collectors.joining(", "));
    }

    public static Scope parse(String text) {
        String wanted = text.trim();
        for (Scope scope : values()) {
            if (scope.wireName.equals(wanted)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown scope '" + wanted + "'; valid scopes are " + validNames());
    }

    /** Parses a comma-separated list such as {@code read:tables,read:schema}; at least one scope is required. */
    public static Set<Scope> parseList(String commaSeparated) {
        return parseAll(List.of(commaSeparated.split(",")));
    }

    public static Set<Scope> parseAll(List<String> names) {
        Set<Scope> scopes = new LinkedHashSet<>();
        for (String name : names) {
            if (!name.isBlank()) {
                scopes.add(parse(name));
            }
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("at least one scope is required; valid scopes are " + validNames());
        }
        return scopes;
    }
}
