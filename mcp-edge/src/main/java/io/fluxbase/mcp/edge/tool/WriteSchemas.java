package io.fluxbase.mcp.edge.tool;

import java.util.List;
import java.util.Map;

/** JSON Schema pieces the write tools share, so their arguments and answers read the same everywhere. */
final class WriteSchemas {

    static final Map<String, Object> TABLE = Map.of("type", "string",
            "description", "Table name, e.g. tasks or public.tasks");
    // Limits (non-empty filter, at most 1,000 rows) are checked by the tools, whose messages say what to change.
    static final Map<String, Object> FILTER = Map.of("type", "object",
            "description", "Which rows, in query_table's filter grammar, e.g. {\"id\": \"eq.5\"}; required and"
                    + " never empty",
            "additionalProperties", Map.of("type", List.of("string", "number", "boolean", "null")));
    static final Map<String, Object> RETURNING = Map.of(
            "type", List.of("array", "string"), "items", Map.of("type", "string"),
            "description", "Columns to send back for each written row, e.g. [\"id\", \"title\"] or \"*\"; default"
                    + " none");
    static final Map<String, Object> ROW = Map.of("type", "object",
            "description", "Column to value; JSON values are converted to the column's type");
    static final Map<String, Object> OUTPUT = Map.of(
            "type", "object",
            "properties", Map.of(
                    "table", Map.of("type", "string"),
                    "count", Map.of("type", "integer"),
                    "rows", Map.of("type", "array", "items", Map.of("type", "object")),
                    "message", Map.of("type", "string")),
            "required", List.of("table", "count", "rows"));

    private WriteSchemas() {
    }
}
