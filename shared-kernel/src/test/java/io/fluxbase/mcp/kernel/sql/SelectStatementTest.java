package io.fluxbase.mcp.kernel.sql;

import static io.fluxbase.mcp.kernel.sql.Shapes.SMALL;
import static io.fluxbase.mcp.kernel.sql.Shapes.TASKS;
import static io.fluxbase.mcp.kernel.sql.Shapes.show;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.kernel.filter.Condition;
import io.fluxbase.mcp.kernel.filter.FilterParser;
import io.fluxbase.mcp.kernel.filter.FilterSyntaxError;
import io.fluxbase.mcp.kernel.filter.OrderParser;
import io.fluxbase.mcp.kernel.filter.OrderTerm;
import io.fluxbase.mcp.kernel.filter.SelectParser;
import io.fluxbase.mcp.kernel.table.ColumnShape;
import io.fluxbase.mcp.kernel.table.TableRef;
import io.fluxbase.mcp.kernel.table.TableShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectStatementTest {

    private static final String PREFIX = "SELECT row_to_json(_r)::text FROM \"public\".\"tasks\" AS _t "
            + "CROSS JOIN LATERAL (SELECT _t.\"id\") AS _r";

    private static BoundSql build(TableShape shape, String select, Map<String, ?> filter, String order,
                                  long limit, long offset) {
        return SelectStatement.select(shape, SelectParser.parse(select), FilterParser.parse(filter),
                OrderParser.parse(order), limit, offset);
    }

    @Test
    void allColumnsInShapeOrderWhenSelectIsEmpty() {
        BoundSql sql = build(SMALL, "*", Map.of(), "", 50, 0);
        assertThat(sql.text()).isEqualTo("SELECT row_to_json(_r)::text FROM \"public\".\"tasks\" AS _t "
                + "CROSS JOIN LATERAL (SELECT _t.\"id\", _t.\"title\", _t.\"status\", _t.\"user_id\") AS _r "
                + "LIMIT $1 OFFSET $2");
        assertThat(show(sql.parameters())).containsExactly("Long:50", "Long:0");
    }

    @Test
    void fullQuery() {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("status", "in.(open,\"in, progress\")");
        filter.put("title", "ilike.*report*");
        filter.put("user_id", null);
        filter.put("id", 7);
        BoundSql sql = build(SMALL, "title, id", filter, "title.desc.nullslast,id", 20, 40);
        assertThat(sql.text()).isEqualTo("SELECT row_to_json(_r)::text FROM \"public\".\"tasks\" AS _t "
                + "CROSS JOIN LATERAL (SELECT _t.\"title\", _t.\"id\") AS _r "
                + "WHERE _t.\"status\" = ANY(CAST($1 AS text[])) AND _t.\"title\"::text ILIKE $2 "
                + "AND _t.\"user_id\" IS NULL AND _t.\"id\" = CAST($3 AS integer) "
                + "ORDER BY _t.\"title\" DESC NULLS LAST, _t.\"id\" ASC "
                + "LIMIT $4 OFFSET $5");
        assertThat(show(sql.parameters()))
                .containsExactly("[open, in, progress]", "String:%report%", "String:7", "Long:20", "Long:40");
        assertThat(((String[]) sql.parameters().get(0))).containsExactly("open", "in, progress");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            id      | eq.5              | _t."id" = CAST($1 AS integer)                           | String:5
            id      | neq.5             | _t."id" <> CAST($1 AS integer)                          | String:5
            id      | gt.5              | _t."id" > CAST($1 AS integer)                           | String:5
            id      | gte.5             | _t."id" >= CAST($1 AS integer)                          | String:5
            id      | lt.5              | _t."id" < CAST($1 AS integer)                           | String:5
            id      | lte.5             | _t."id" <= CAST($1 AS integer)                          | String:5
            id      | not.eq.5          | NOT (_t."id" = CAST($1 AS integer))                     | String:5
            title   | like.*a_b*        | _t."title"::text LIKE $1                                | String:%a_b%
            title   | ilike.A*          | _t."title"::text ILIKE $1                               | String:A%
            id      | like.1*           | _t."id"::text LIKE $1                                   | String:1%
            title   | not.like.x*       | NOT (_t."title"::text LIKE $1)                          | String:x%
            id      | in.(1,2,3)        | _t."id" = ANY(CAST($1 AS integer[]))                    | [1, 2, 3]
            id      | not.in.(1)        | NOT (_t."id" = ANY(CAST($1 AS integer[])))              | [1]
            status  | in.(happy,sad)    | _t."status" = ANY(CAST($1 AS public.mood[]))            | [happy, sad]
            status  | eq.happy          | _t."status" = CAST($1 AS public.mood)                   | String:happy
            user_id | eq.2b1f0c1e-0000-4000-8000-000000000001 | _t."user_id" = CAST($1 AS uuid) | String:2b1f0c1e-0000-4000-8000-000000000001
            done    | is.null           | _t."done" IS NULL                                       |
            done    | is.true           | _t."done" IS TRUE                                       |
            done    | is.false          | _t."done" IS FALSE                                      |
            done    | is.unknown        | _t."done" IS UNKNOWN                                    |
            done    | not.is.null       | NOT (_t."done" IS NULL)                                 |
            tags    | cs.{a,b}          | _t."tags" @> CAST($1 AS text[])                         | String:{a,b}
            tags    | cd.{a,b}          | _t."tags" <@ CAST($1 AS text[])                         | String:{a,b}
            tags    | ov.{a,b}          | _t."tags" && CAST($1 AS text[])                         | String:{a,b}
            tags    | not.ov.{a}        | NOT (_t."tags" && CAST($1 AS text[]))                   | String:{a}
            tags    | eq.{a,b}          | _t."tags" = CAST($1 AS text[])                          | String:{a,b}
            data    | cs.{"k":1}        | _t."data" @> CAST($1 AS jsonb)                          | String:{"k":1}
            period  | ov.[2024-01-01,2024-02-01) | _t."period" && CAST($1 AS tstzrange)           | String:[2024-01-01,2024-02-01)
            price   | eq.1.005          | _t."price" = CAST($1 AS numeric)                        | String:1.005
            price   | in.(1.5,2)        | _t."price" = ANY(CAST($1 AS numeric[]))                 | [1.5, 2]
            code    | eq.abcdefghijklmnopqrstuvwxyz | _t."code" = CAST($1 AS character varying)   | String:abcdefghijklmnopqrstuvwxyz
            grade   | eq.A              | _t."grade" = CAST($1 AS bpchar)                         | String:A
            due     | gt.2024-01-01T10:00:00.123456Z | _t."due" > CAST($1 AS timestamp with time zone) | String:2024-01-01T10:00:00.123456Z
            sizes   | cs.{1.25}         | _t."sizes" @> CAST($1 AS numeric[])                     | String:{1.25}
            """)
    void rendersEveryOperator(String column, String filter, String where, String parameter) {
        BoundSql sql = build(TASKS, "id", Map.of(column, filter), null, 10, 5);
        List<String> expected = new ArrayList<>();
        if (parameter != null) {
            expected.add(parameter);
        }
        int n = expected.size();
        assertThat(sql.text()).isEqualTo(PREFIX + " WHERE " + where + " LIMIT $" + (n + 1) + " OFFSET $" + (n + 2));
        expected.add("Long:10");
        expected.add("Long:5");
        assertThat(show(sql.parameters())).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            id                       | _t."id" ASC
            id.desc                  | _t."id" DESC
            id.asc.nullsfirst        | _t."id" ASC NULLS FIRST
            id.desc.nullslast,title  | _t."id" DESC NULLS LAST, _t."title" ASC
            """)
    void rendersOrder(String order, String expected) {
        BoundSql sql = build(TASKS, "id", Map.of(), order, 1, 0);
        assertThat(sql.text()).isEqualTo(PREFIX + " ORDER BY " + expected + " LIMIT $1 OFFSET $2");
    }

    @Test
    void unknownFilterColumnListsRealColumns() {
        assertThatThrownBy(() -> build(SMALL, null, Map.of("stauts", "eq.open"), null, 10, 0))
                .isInstanceOfSatisfying(UnknownColumnException.class, e -> {
                    assertThat(e.argument()).isEqualTo("filter");
                    assertThat(e.column()).isEqualTo("stauts");
                })
                .hasMessage("filter: column 'stauts' does not exist on public.tasks; "
                        + "columns are id, title, status, user_id; did you mean 'status'?");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            select | nope    | select: column 'nope' does not exist on public.tasks; columns are id, title, status, user_id
            select | ID      | select: column 'ID' does not exist on public.tasks; columns are id, title, status, user_id; did you mean 'id'?
            order  | titel   | order: column 'titel' does not exist on public.tasks; columns are id, title, status, user_id; did you mean 'title'?
            filter | userid  | filter: column 'userid' does not exist on public.tasks; columns are id, title, status, user_id; did you mean 'user_id'?
            """)
    void unknownColumnNamesTheArgument(String argument, String column, String message) {
        assertThatThrownBy(() -> {
            BoundSql ignored = switch (argument) {
                case "select" -> build(SMALL, column, Map.of(), null, 1, 0);
                case "order" -> build(SMALL, null, Map.of(), column + ".desc", 1, 0);
                default -> build(SMALL, null, Map.of(column, "eq.1"), null, 1, 0);
            };
        })
                .isInstanceOfSatisfying(UnknownColumnException.class, e -> {
                    assertThat(e.argument()).isEqualTo(argument);
                    assertThat(e.column()).isEqualTo(column);
                })
                .hasMessage(message);
    }

    @Test
    void validatesSelectBeforeFilterBeforeOrder() {
        assertThatThrownBy(() -> build(SMALL, "a", Map.of("b", "eq.1"), "c", 1, 0))
                .isInstanceOfSatisfying(UnknownColumnException.class, e -> assertThat(e.argument()).isEqualTo("select"));
        assertThatThrownBy(() -> build(SMALL, "id", Map.of("b", "eq.1"), "c", 1, 0))
                .isInstanceOfSatisfying(UnknownColumnException.class, e -> assertThat(e.argument()).isEqualTo("filter"));
    }

    @Test
    void rejectsInOnArrayColumns() {
        assertThatThrownBy(() -> build(TASKS, null, Map.of("tags", "in.(a,b)"), null, 1, 0))
                .isInstanceOfSatisfying(FilterSyntaxError.class, e -> assertThat(e.argument()).isEqualTo("filter.tags"))
                .hasMessage("filter.tags: 'in' cannot be used on array column 'tags' (text[]); use 'ov.{a,b}' for rows "
                        + "sharing any element, 'cs.{a,b}' for rows containing all of them, or 'eq.{a,b}' for an exact array");
    }

    @Test
    void rejectsNegativeLimitAndOffset() {
        assertThatThrownBy(() -> build(SMALL, null, Map.of(), null, -1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit: must be 0 or more, got -1");
        assertThatThrownBy(() -> build(SMALL, null, Map.of(), null, 1, -5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("offset: must be 0 or more, got -5");
    }

    @Test
    void duplicateSelectColumnsAreDroppedSoJsonKeysStayUnique() {
        BoundSql sql = SelectStatement.select(SMALL, List.of("id", "id"), List.of(), List.of(), 1, 0);
        assertThat(sql.text()).isEqualTo(PREFIX + " LIMIT $1 OFFSET $2");
    }

    @Test
    void rejectsSuspiciousCatalogTypes() {
        TableShape broken = new TableShape(new TableRef("public", "t"),
                List.of(new ColumnShape("x", "integer); DROP TABLE t; --", true, false)), List.of(), false);
        assertThatThrownBy(() -> SelectStatement.select(broken, List.of(),
                FilterParser.parse(Map.of("x", "eq.1")), List.of(), 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not look like format_type() output");
    }

    @Test
    void quotesRealColumnAndTableNamesThatNeedIt() {
        TableShape odd = new TableShape(new TableRef("My Schema", "Task\"s"),
                List.of(new ColumnShape("First \"Name\"", "text", true, false)), List.of(), false);
        List<Condition> where = FilterParser.parse(Map.of("First \"Name\"", "eq.x"));
        List<OrderTerm> order = List.of(OrderTerm.desc("First \"Name\""));
        BoundSql sql = SelectStatement.select(odd, List.of(), where, order, 1, 0);
        assertThat(sql.text()).isEqualTo("SELECT row_to_json(_r)::text FROM \"My Schema\".\"Task\"\"s\" AS _t "
                + "CROSS JOIN LATERAL (SELECT _t.\"First \"\"Name\"\"\") AS _r "
                + "WHERE _t.\"First \"\"Name\"\"\" = CAST($1 AS text) "
                + "ORDER BY _t.\"First \"\"Name\"\"\" DESC LIMIT $2 OFFSET $3");
    }

    @Test
    void whereClauseNumbersFromTheGivenIndexAndAlias() {
        List<Condition> where = FilterParser.parse(new LinkedHashMap<>(Map.of("id", "in.(1,2)")));
        BoundSql clause = WhereClause.render(SMALL, where, "", 3);
        assertThat(clause.text()).isEqualTo("\"id\" = ANY(CAST($3 AS integer[]))");
        assertThat(show(clause.parameters())).containsExactly("[1, 2]");

        Map<String, Object> two = new LinkedHashMap<>();
        two.put("title", "eq.a");
        two.put("status", "not.neq.b");
        BoundSql aliased = WhereClause.render(SMALL, FilterParser.parse(two), "x", 2);
        assertThat(aliased.text()).isEqualTo("x.\"title\" = CAST($2 AS text) AND NOT (x.\"status\" <> CAST($3 AS text))");
        assertThat(show(aliased.parameters())).containsExactly("String:a", "String:b");

        BoundSql none = WhereClause.render(SMALL, List.of(), "_t", 1);
        assertThat(none.text()).isEmpty();
        assertThat(none.parameters()).isEmpty();
    }

    @Test
    void whereClauseRejectsNonPlainAlias() {
        assertThatThrownBy(() -> WhereClause.render(SMALL, List.of(), "_t; DROP", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
