package io.fluxbase.mcp.cli.db;

/** Body of {@code POST /admin/v1/db/apply}; {@code file} lets the server name it in errors. */
record ApplySchemaRequest(String sql, String file) {
}
