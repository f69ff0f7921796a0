package io.fluxbase.mcp.kernel.admin;

/**
 * The admin token stored on the database is another now (a node started with {@code FLUXBASE_ADMIN_TOKEN}): what
 * the old one opened, such as dashboard sessions, ends.
 */
public record AdminTokenReplaced() {
}
