package io.fluxbase.mcp.kernel.sql;

import static io.fluxbase.mcp.kernel.sql.Rows.row;
import static io.fluxbase.mcp.kernel.sql.Shapes.TASKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fluxbase.mcp.kernel.filter.FilterParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The write builders: hostile names are refused before anything is rendered, hostile values only become parameters. */
class WriteInjectionTest {

    private static final List<String> HOSTILE_COLUMNS = List.of(
            "id; DROP TABLE x",
            "\"x\"\"; --",
            "title\" = 'x', \"done",
            "id) VALUES (1); DROP TABLE tasks; --",
            "_t.\"id\"",
            "row_to_json(_t)",
            "*, id",
            "id\u0000");

    @ParameterizedTest
    @ValueSource(strings = {"insert.data", "update.data", "update.filter", "delete.filter",
        "insert.returning", "update.returning", "delete.returning"})
    void hostileNamesAreRefusedAsUnknownColumns(String where) {
        for (String column : HOSTILE_COLUMNS) {
            Throwable thrown = catchThrowable(() -> build(where, column));
            String argument = where.substring(where.indexOf('.') + 1);
            assertThat(thrown).as("%s %s", where, column).isInstanceOfSatisfying(UnknownColumnException.class, e -> {
                assertThat(e.argument()).isEqualTo(argument);
                assertThat(e.column()).isEqualTo(column);
            });
        }
    }

    private static BoundSql build(String where, String column) {
        return switch (where) {
            case "insert.data" -> WriteStatements.insert(TASKS, List.of(row("title", "x", column, 1)), List.of());
            case "update.data" -> WriteStatements.update(TASKS, row(column, 1), FilterParser.parse(Map.of("id", 1)),
                    List.of());
            case "update.filter" -> WriteStatements.update(TASKS, row("title", "x"),
                    FilterParser.parse(Map.of(column, "eq.1")), List.of());
            case "delete.filter" -> WriteStatements.delete(TASKS, FilterParser.parse(Map.of(column, "eq.1")), List.of());
            case "insert.returning" -> WriteStatements.insert(TASKS, List.of(row("title", "x")), List.of("id", column));
            case "update.returning" -> WriteStatements.update(TASKS, row("title", "x"),
                    FilterParser.parse(Map.of("id", 1)), List.of(column));
            default -> WriteStatements.delete(TASKS, FilterParser.parse(Map.of("id", 1)), List.of(column));
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1; DROP TABLE x",
        "' OR '1'='1",
        "x'); DROP TABLE tasks; --",
        "$$ OR 1=1 $$",
        "\" OR \"\"=\"",
        "1 /* comment */",
        "NULL",
        "DEFAULT",
        "$1",
    })
    void hostileValuesOnlyReachTheParameterList(String value) {
        // The SQL text is the same whatever the value: it can only have gone into the parameters.
        BoundSql insert = insert(value);
        assertThat(insert.text()).isEqualTo(insert("benign").text());
        assertThat(insert.parameters()).containsExactly(value, value, value);

        BoundSql update = update(value);
        assertThat(update.text()).isEqualTo(update("benign").text());
        assertThat(update.parameters()).hasSize(4).first().isEqualTo(value);
        assertThat(update.parameters().get(3)).isEqualTo(value);

        BoundSql delete = delete(value);
        assertThat(delete.text()).isEqualTo(delete("benign").text());
        assertThat(delete.parameters()).containsExactly(value.replace('*', '%')); // the like wildcard

        for (BoundSql sql : List.of(insert, update, delete)) {
            assertThat(sql.text()).doesNotContain("'").doesNotContain(";").doesNotContain("--").doesNotContain("/*");
        }
    }

    private static BoundSql insert(String value) {
        return WriteStatements.insert(TASKS, List.of(row("title", value, "code", value), row("title", value)),
                List.of());
    }

    private static BoundSql update(String value) {
        return WriteStatements.update(TASKS, row("title", value, "tags", List.of(value), "data", Map.of(value, value)),
                FilterParser.parse(Map.of("title", "eq." + value)), List.of("*"));
    }

    private static BoundSql delete(String value) {
        return WriteStatements.delete(TASKS, FilterParser.parse(Map.of("title", "like." + value)), List.of());
    }
}
