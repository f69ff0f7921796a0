package io.fluxbase.mcp.kernel.sql;

import static io.fluxbase.mcp.kernel.sql.Shapes.SMALL;
import static io.fluxbase.mcp.kernel.sql.Shapes.TASKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fluxbase.mcp.kernel.filter.FilterParser;
import io.fluxbase.mcp.kernel.filter.FilterSyntaxError;
import io.fluxbase.mcp.kernel.filter.OrderParser;
import io.fluxbase.mcp.kernel.filter.SelectParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever a caller sends is either rejected or ends up only in the parameter list. */
class InjectionTest {

    private static final String[] HOSTILE_COLUMNS = {
        "id; DROP TABLE tasks",
        "\"x\" or 1=1",
        "id\" OR 1=1 --",
        "id) AS _r; DELETE FROM tasks; --",
        "1=1",
        "_t.\"id\"",
        "id\u0000",
    };

    @ParameterizedTest
    @ValueSource(strings = {"select", "filter", "order"})
    void hostileColumnNamesAreRejected(String argument) {
        for (String column : HOSTILE_COLUMNS) {
            Throwable thrown = catchThrowable(() -> build(argument, column));
            assertThat(thrown).as("%s %s", argument, column).isNotNull();
            if (thrown instanceof UnknownColumnException unknown) {
                assertThat(unknown.argument()).isEqualTo(argument);
            } else {
                // Only the parser may reject earlier, and then it names the argument too.
                assertThat(thrown).as("%s %s", argument, column).isInstanceOf(FilterSyntaxError.class);
                assertThat(((FilterSyntaxError) thrown).argument()).startsWith(argument);
            }
        }
    }

    private static BoundSql build(String argument, String column) {
        return switch (argument) {
            case "select" -> SelectStatement.select(TASKS, SelectParser.parse(column), List.of(), List.of(), 1, 0);
            case "filter" -> SelectStatement.select(TASKS, List.of(),
                    FilterParser.parse(Map.of(column, "eq.1")), List.of(), 1, 0);
            default -> SelectStatement.select(TASKS, List.of(), List.of(), OrderParser.parse(column), 1, 0);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1; DROP TABLE x",
        "' OR '1'='1",
        "1) OR (1=1",
        "x'); DROP TABLE tasks; --",
        "$$ OR 1=1 $$",
        "\" OR \"\"=\"",
        "1 /* comment */",
        "E'\\x27'",
    })
    void hostileValuesOnlyReachTheParameterList(String value) {
        for (String op : List.of("eq", "neq", "gt", "lte", "like", "ilike", "not.eq")) {
            BoundSql sql = SelectStatement.select(SMALL, List.of("id"),
                    FilterParser.parse(Map.of("title", op + "." + value)), List.of(), 1, 0);
            assertSafe(sql, value);
            assertThat(sql.parameters().get(0)).isEqualTo(op.endsWith("like") ? value.replace('*', '%') : value);
        }
        BoundSql in = SelectStatement.select(SMALL, List.of("id"),
                FilterParser.parse(Map.of("title", "in.(\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\")")),
                List.of(), 1, 0);
        assertSafe(in, value);
        assertThat((String[]) in.parameters().get(0)).containsExactly(value);

        BoundSql cs = SelectStatement.select(TASKS, List.of("id"),
                FilterParser.parse(Map.of("tags", "cs.{" + value.replace("\"", "\\\"") + "}")), List.of(), 1, 0);
        assertSafe(cs, value);
        assertThat(cs.parameters().get(0)).isEqualTo("{" + value.replace("\"", "\\\"") + "}");
    }

    private static void assertSafe(BoundSql sql, String value) {
        assertThat(sql.text()).doesNotContain(value).doesNotContain("'").doesNotContain(";")
                .doesNotContain("--").doesNotContain("/*");
        assertThat(sql.text()).matches("SELECT row_to_json\\(_r\\)::text FROM \"public\"\\.\"tasks\" AS _t "
                + "CROSS JOIN LATERAL \\(SELECT _t\\.\"id\"\\) AS _r WHERE .* LIMIT \\$2 OFFSET \\$3");
        assertThat(sql.parameters()).hasSize(3);
    }
}
