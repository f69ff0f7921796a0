package io.fluxbase.mcp.kernel.sql;

import static io.fluxbase.mcp.kernel.sql.InsertStatementTest.RETURNING;
import static io.fluxbase.mcp.kernel.sql.Rows.row;
import static io.fluxbase.mcp.kernel.sql.Shapes.SMALL;
import static io.fluxbase.mcp.kernel.sql.Shapes.TASKS;
import static io.fluxbase.mcp.kernel.sql.Shapes.show;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.kernel.filter.Condition;
import io.fluxbase.mcp.kernel.filter.FilterParser;
import io.fluxbase.mcp.kernel.filter.FilterSyntaxError;
import io.fluxbase.mcp.kernel.table.TableShape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpdateDeleteStatementTest {

    private static List<Condition> filter(String... columnsAndFilters) {
        Map<String, Object> filter = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndFilters.length; i += 2) {
            filter.put(columnsAndFilters[i], columnsAndFilters[i + 1]);
        }
        return FilterParser.parse(filter);
    }

    @Test
    void update() {
        BoundSql sql = WriteStatements.update(SMALL, row("title", "done", "status", null),
                filter("id", "in.(1,2)", "title", "neq.x"), List.of());
        assertThat(sql.text()).isEqualTo("UPDATE \"public\".\"tasks\" AS _t SET \"title\" = CAST($1 AS text), "
                + "\"status\" = NULL WHERE _t.\"id\" = ANY(CAST($2 AS integer[])) AND _t.\"title\" <> CAST($3 AS text)"
                + RETURNING);
        assertThat(show(sql.parameters())).containsExactly("String:done", "[1, 2]", "String:x");
        // so a value PostgreSQL refuses can be cast again on its own and its argument named
        assertThat(sql.casts()).containsExactly(new ValueCast(0, "data.title", "text"),
                new ValueCast(1, "filter.id", "integer[]"), new ValueCast(2, "filter.title", "text"));
    }

    @Test
    void updateCastsToTheCatalogType() {
        BoundSql sql = WriteStatements.update(TASKS, row("tags", List.of("a"), "data", List.of(1), "price", 1.5),
                filter("id", "eq.5"), List.of("*"));
        assertThat(sql.text()).isEqualTo("UPDATE \"public\".\"tasks\" AS _t SET \"tags\" = CAST($1 AS text[]), "
                + "\"data\" = CAST($2 AS jsonb), \"price\" = CAST($3 AS numeric) WHERE _t.\"id\" = CAST($4 AS integer) "
                + "RETURNING (SELECT row_to_json(_r) FROM (SELECT _t.\"id\", _t.\"title\", _t.\"status\", _t.\"user_id\","
                + " _t.\"tags\", _t.\"price\", _t.\"code\", _t.\"grade\", _t.\"done\", _t.\"data\", _t.\"due\","
                + " _t.\"period\", _t.\"sizes\") AS _r)::text AS _row");
        assertThat(show(sql.parameters())).containsExactly("String:{\"a\"}", "String:[1]", "String:1.5", "String:5");
    }

    @Test
    void delete() {
        BoundSql sql = WriteStatements.delete(SMALL, filter("status", "eq.done", "user_id", "is.null"),
                List.of("id", "title"));
        assertThat(sql.text()).isEqualTo("DELETE FROM \"public\".\"tasks\" AS _t WHERE _t.\"status\" = CAST($1 AS text) "
                + "AND _t.\"user_id\" IS NULL RETURNING (SELECT row_to_json(_r) FROM "
                + "(SELECT _t.\"id\", _t.\"title\") AS _r)::text AS _row");
        assertThat(show(sql.parameters())).containsExactly("String:done");
        assertThat(sql.casts()).containsExactly(new ValueCast(0, "filter.status", "text"));
    }

    @Test
    void refusesEmptyDataAndEmptyFilter() {
        assertThatThrownBy(() -> WriteStatements.update(SMALL, row(), filter("id", "eq.1"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data: give at least one column to change, e.g. {\"status\": \"done\"}");
        String noFilter = "filter: required; give at least one condition such as {\"id\": \"eq.5\"} "
                + "(an empty filter would change every row)";
        assertThatThrownBy(() -> WriteStatements.update(SMALL, row("title", "x"), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(noFilter);
        assertThatThrownBy(() -> WriteStatements.delete(SMALL, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(noFilter);
    }

    @Test
    void unknownColumnsNameTheArgumentInOrderDataFilterReturning() {
        assertThatThrownBy(() -> WriteStatements.update(SMALL, row("titel", "x"), filter("nope", "eq.1"),
                List.of("nope")))
                .isInstanceOfSatisfying(UnknownColumnException.class, e -> assertThat(e.argument()).isEqualTo("data"))
                .hasMessage("data: column 'titel' does not exist on public.tasks; columns are id, title, status, "
                        + "user_id; did you mean 'title'?");
        assertThatThrownBy(() -> WriteStatements.update(SMALL, row("title", "x"), filter("userid", "eq.1"),
                List.of("nope")))
                .isInstanceOfSatisfying(UnknownColumnException.class, e -> assertThat(e.argument()).isEqualTo("filter"))
                .hasMessageStartingWith("filter: column 'userid' does not exist on public.tasks;");
        assertThatThrownBy(() -> WriteStatements.delete(SMALL, filter("id", "eq.1"), List.of("nope")))
                .isInstanceOfSatisfying(UnknownColumnException.class,
                        e -> assertThat(e.argument()).isEqualTo("returning"))
                .hasMessageStartingWith("returning: column 'nope' does not exist on public.tasks;");
    }

    @Test
    void operatorErrorsComeFromTheWhereClause() {
        assertThatThrownBy(() -> WriteStatements.delete(TASKS, filter("tags", "in.(a)"), List.of()))
                .isInstanceOfSatisfying(FilterSyntaxError.class, e -> assertThat(e.argument()).isEqualTo("filter.tags"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            title=like.*                    | {"title": "like.%"}
            title=ilike.***                 | {"title": "ilike.%%%"}
            id=like.%                       | {"id": "like.%"}
            id=not.is.null                  | {"id": "not.is.null"}
            done=not.is.unknown             | {"done": "not.is.unknown"}
            title=like.*,id=not.is.null     | {"title": "like.%", "id": "not.is.null"}
            """)
    void refusesFiltersThatMatchEveryRow(String filter, String shown) {
        List<Condition> conditions = parse(filter);
        assertThatThrownBy(() -> WriteStatements.update(TASKS, row("title", "x"), conditions, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("filter: " + shown + " would match every row of public.tasks, so this would update all of "
                        + "them; add a condition that picks the rows to update, such as {\"id\": \"eq.5\"}");
        assertThatThrownBy(() -> WriteStatements.delete(TASKS, conditions, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("filter: " + shown + " would match every row of public.tasks, so this would delete all of "
                        + "them; add a condition that picks the rows to delete, such as {\"id\": \"eq.5\"}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            title=like.*,id=eq.5
            title=like.a*
            title=like.
            title=not.like.*
            title=eq.%
            status=not.is.null
            id=is.null
            done=not.is.true
            """)
    void acceptsFiltersThatNarrow(String filter) {
        List<Condition> conditions = parse(filter);
        assertThat(WriteStatements.delete(TASKS, conditions, List.of()).text()).startsWith("DELETE FROM");
        assertThat(WriteStatements.update(TASKS, row("title", "x"), conditions, List.of()).text()).startsWith("UPDATE");
    }

    @Test
    void wholeTableHintUsesTheFirstKeyColumn() {
        assertThatThrownBy(() -> WriteStatements.delete(SMALL, parse("title=like.*"), List.of()))
                .hasMessageEndingWith("such as {\"id\": \"eq.5\"}");
        TableShape keyless = new TableShape(SMALL.table(), SMALL.columns(), List.of(), false);
        assertThatThrownBy(() -> WriteStatements.delete(keyless, parse("title=like.*"), List.of()))
                .hasMessageEndingWith("such as {\"title\": \"eq.5\"}");
    }

    private static List<Condition> parse(String filter) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String entry : filter.split(",")) {
            int eq = entry.indexOf('=');
            map.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return FilterParser.parse(map);
    }
}
