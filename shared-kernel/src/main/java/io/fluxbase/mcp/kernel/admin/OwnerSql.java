package io.fluxbase.mcp.kernel.admin;

/** Runs a user's SQL script as the database owner (tables, policies, functions), all of it or none of it. */
public interface OwnerSql {

    /** @return the number of statements run; throws {@link IllegalArgumentException} naming the failing statement */
    int apply(String script);
}
