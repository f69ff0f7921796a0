package io.fluxbase.mcp.kernel.sql;

import io.fluxbase.mcp.kernel.table.ColumnShape;
import io.fluxbase.mcp.kernel.table.TableRef;
import io.fluxbase.mcp.kernel.table.TableShape;
import java.util.Arrays;
import java.util.List;

/** Test fixtures: a tasks table with one column of each interesting catalog type. */
final class Shapes {

    static final TableShape TASKS = new TableShape(new TableRef("public", "tasks"), List.of(
            new ColumnShape("id", "integer", false, true),
            new ColumnShape("title", "text", false, false),
            new ColumnShape("status", "public.mood", true, false),
            new ColumnShape("user_id", "uuid", true, false),
            new ColumnShape("tags", "text[]", true, false),
            new ColumnShape("price", "numeric(10,2)", true, false),
            new ColumnShape("code", "character varying(20)", true, false),
            new ColumnShape("grade", "character(3)", true, false),
            new ColumnShape("done", "boolean", false, true),
            new ColumnShape("data", "jsonb", true, false),
            new ColumnShape("due", "timestamp(3) with time zone", true, false),
            new ColumnShape("period", "tstzrange", true, false),
            new ColumnShape("sizes", "numeric(4,1)[]", true, false)),
            List.of("id"), true);

    static final TableShape SMALL = new TableShape(new TableRef("public", "tasks"), List.of(
            new ColumnShape("id", "integer", false, true),
            new ColumnShape("title", "text", false, false),
            new ColumnShape("status", "text", true, false),
            new ColumnShape("user_id", "uuid", true, false)),
            List.of("id"), false);

    private Shapes() {
    }

    /** Parameters with arrays shown by content, so expectations can be plain strings. */
    static List<String> show(List<Object> parameters) {
        return parameters.stream()
                .map(p -> p instanceof String[] a ? Arrays.toString(a) : p.getClass().getSimpleName() + ":" + p)
                .toList();
    }
}
