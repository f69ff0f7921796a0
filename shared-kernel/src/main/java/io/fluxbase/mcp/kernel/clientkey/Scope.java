package io.fluxbase.mcp.kernel.clientkey;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What a client key may do. A key holds exactly the scopes it was given; no type implies another scope. */
public enum Scope {
    READ_TABLES("read:tables"),
    WRITE_TABLES("write:tables"),
    EXECUTE_FUNCTIONS("execute:functions"),
    EXECUTE_RPC("execute:rpc"),
    READ_STORAGE("read:storage"),
    WRITE_STORAGE("write:storage"),
    EXECUTE_JOBS("execute:jobs"),
    READ_VECTORS("read:vectors"),
    READ_SCHEMA("read:schema"),
    READ_AUDIT("read:audit");

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
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
