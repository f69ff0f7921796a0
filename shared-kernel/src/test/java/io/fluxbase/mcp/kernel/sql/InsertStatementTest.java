package io.fluxbase.mcp.kernel.sql;

import static io.fluxbase.mcp.kernel.sql.Rows.row;
import static io.fluxbase.mcp.kernel.sql.Shapes.SMALL;
import static io.fluxbase.mcp.kernel.sql.Shapes.TASKS;
import static io.fluxbase.mcp.kernel.sql.Shapes.show;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.kernel.table.ColumnShape;
import io.fluxbase.mcp.kernel.table.TableRef;
import io.fluxbase.mcp.kernel.table.TableShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InsertStatementTest {

    /** No columns asked for: nothing is read back. */
    static final String RETURNING = "";

    private static BoundSql insert(TableShape shape, List<Map<String, @Nullable Object>> rows) {
        return WriteStatements.insert(shape, rows, List.of());
    }

    @Test
    void oneRow() {
        BoundSql sql = insert(SMALL, List.of(row("id", 5, "title", "hello")));
        assertThat(sql.text()).isEqualTo("INSERT INTO \"public\".\"tasks\" AS _t (\"id\", \"title\") "
                + "VALUES (CAST($1 AS integer), CAST($2 AS text))" + RETURNING);
        assertThat(show(sql.parameters())).containsExactly("String:5", "String:hello");
    }

    @Test
    void columnsAreTheUnionOfAllRowsAndMissingCellsGetTheirDefault() {
        BoundSql sql = insert(SMALL, List.of(
                row("title", "a", "status", null),
                row("title", "b", "user_id", "2b1f0c1e-0000-4000-8000-000000000001"),
                row("status", "open")));
        assertThat(sql.text()).isEqualTo("INSERT INTO \"public\".\"tasks\" AS _t (\"title\", \"status\", \"user_id\") "
                + "VALUES (CAST($1 AS text), NULL, DEFAULT), (CAST($2 AS text), DEFAULT, CAST($3 AS uuid)), "
                + "(DEFAULT, CAST($4 AS text), DEFAULT)" + RETURNING);
        assertThat(show(sql.parameters()))
                .containsExactly("String:a", "String:b", "String:2b1f0c1e-0000-4000-8000-000000000001", "String:open");
    }

    @Test
    void valuesAreCastToTheCatalogTypeWithoutModifiers() {
        BoundSql sql = insert(TASKS, List.of(row("tags", Arrays.asList("a b", "q\"x", null), "data", Map.of("k", 1),
                "price", 12.5, "code", "abc", "grade", "A", "due", "2024-01-01T10:00:00Z", "done", true,
                "sizes", List.of(List.of(1.25), List.of(2)), "status", "happy")));
        assertThat(sql.text()).isEqualTo("INSERT INTO \"public\".\"tasks\" AS _t (\"tags\", \"data\", \"price\", "
                + "\"code\", \"grade\", \"due\", \"done\", \"sizes\", \"status\") VALUES (CAST($1 AS text[]), "
                + "CAST($2 AS jsonb), CAST($3 AS numeric), CAST($4 AS character varying), CAST($5 AS bpchar), "
                + "CAST($6 AS timestamp with time zone), CAST($7 AS boolean), CAST($8 AS numeric[]), "
                + "CAST($9 AS public.mood))" + RETURNING);
        assertThat(show(sql.parameters())).containsExactly("String:{\"a b\",\"q\\\"x\",NULL}", "String:{\"k\":1}",
                "String:12.5", "String:abc", "String:A", "String:2024-01-01T10:00:00Z", "String:true",
                "String:{{\"1.25\"},{\"2\"}}", "String:happy");
    }

    @Test
    void oneEmptyRowInsertsDefaults() {
        BoundSql sql = insert(SMALL, List.of(row()));
        assertThat(sql.text()).isEqualTo("INSERT INTO \"public\".\"tasks\" AS _t DEFAULT VALUES" + RETURNING);
        assertThat(sql.parameters()).isEmpty();
    }

    @Test
    void refusesSeveralEmptyRowsNoRowsAndTooManyRows() {
        assertThatThrownBy(() -> insert(SMALL, List.of(row(), row()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data: every row is empty; name at least one column");
        assertThatThrownBy(() -> insert(SMALL, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data: give one object or an array of up to 1000 objects");
        List<Map<String, @Nullable Object>> tooMany = Collections.nCopies(1001, row("title", "x"));
        assertThatThrownBy(() -> insert(SMALL, tooMany)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data: at most 1000 rows per call, got 1001; split the insert into several calls");
    }

    @Test
    void acceptsExactlyMaxRows() {
        List<Map<String, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < WriteStatements.MAX_ROWS; i++) {
            rows.add(row("title", "t" + i));
        }
        BoundSql sql = insert(SMALL, rows);
        assertThat(sql.parameters()).hasSize(1000).first().isEqualTo("t0");
        assertThat(sql.text()).startsWith("INSERT INTO \"public\".\"tasks\" AS _t (\"title\") "
                + "VALUES (CAST($1 AS text)), (CAST($2 AS text)), ").endsWith(", (CAST($1000 AS text))" + RETURNING);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            *            | `(SELECT row_to_json(_r) FROM (SELECT _t."id", _t."title", _t."status", _t."user_id") AS _r)::text`
            *,*          | `(SELECT row_to_json(_r) FROM (SELECT _t."id", _t."title", _t."status", _t."user_id") AS _r)::text`
            title        | (SELECT row_to_json(_r) FROM (SELECT _t."title") AS _r)::text
            title,id,title | (SELECT row_to_json(_r) FROM (SELECT _t."title", _t."id") AS _r)::text
            """)
    void returnsTheRequestedColumns(String returning, String row) {
        BoundSql sql = WriteStatements.insert(SMALL, List.of(row("title", "x")), List.of(returning.split(",")));
        assertThat(sql.text()).isEqualTo("INSERT INTO \"public\".\"tasks\" AS _t (\"title\") VALUES (CAST($1 AS text))"
                + " RETURNING " + row + " AS _row");
    }

    @Test
    void refusesStarMixedWithColumns() {
        assertThatThrownBy(() -> WriteStatements.insert(SMALL, List.of(row("title", "x")), List.of("*", "id")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("returning: '*' must be used alone; give [\"*\"] for whole rows or a list of column names "
                        + "such as [\"id\", \"title\"]");
    }

    @Test
    void nothingIsReadBackUnlessAsked() {
        TableShape composite = new TableShape(new TableRef("app", "Links"), List.of(
                new ColumnShape("b", "integer", false, false), new ColumnShape("a", "text", false, false)),
                List.of("a", "b"), false);
        assertThat(insert(composite, List.of(row("a", "x", "b", 1))).text()).isEqualTo("INSERT INTO \"app\".\"Links\" "
                + "AS _t (\"a\", \"b\") VALUES (CAST($1 AS text), CAST($2 AS integer))");
        TableShape noKey = new TableShape(new TableRef("public", "log"),
                List.of(new ColumnShape("line", "text", true, false)), List.of(), false);
        assertThat(insert(noKey, List.of(row("line", "x"))).text()).isEqualTo("INSERT INTO \"public\".\"log\" AS _t "
                + "(\"line\") VALUES (CAST($1 AS text))");
    }

    @Test
    void unknownColumnsNameTheArgumentDataBeforeReturning() {
        assertThatThrownBy(() -> WriteStatements.insert(SMALL, List.of(row("title", "x"), row("stauts", "y")),
                List.of("nope")))
                .isInstanceOfSatisfying(UnknownColumnException.class, e -> assertThat(e.argument()).isEqualTo("data"))
                .hasMessage("data: column 'stauts' does not exist on public.tasks; columns are id, title, status, "
                        + "user_id; did you mean 'status'?");
        assertThatThrownBy(() -> WriteStatements.insert(SMALL, List.of(row("title", "x")), List.of("id", "titel")))
                .isInstanceOfSatisfying(UnknownColumnException.class,
                        e -> assertThat(e.argument()).isEqualTo("returning"))
                .hasMessage("returning: column 'titel' does not exist on public.tasks; columns are id, title, status, "
                        + "user_id; did you mean 'title'?");
    }

    @Test
    void valueErrorsNameTheRowWhenThereAreSeveral() {
        assertThatThrownBy(() -> insert(TASKS, List.of(row("due", Map.of()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data.due: column 'due' is timestamp(3) with time zone; give a single value "
                        + "(string, number or boolean), got an object");
        assertThatThrownBy(() -> insert(TASKS, List.of(row("title", "a"), row("title", "b", "tags", Map.of()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data[1].tags: column 'tags' is text[]; give a JSON array such as [\"a\", \"b\"], got an object");
        assertThatThrownBy(() -> insert(TASKS, List.of(row("title", "a\u0000"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data.title: PostgreSQL text cannot hold NUL characters; remove them");
    }

    @Test
    void quotesRealNamesThatNeedIt() {
        TableShape odd = new TableShape(new TableRef("My Schema", "Task\"s"),
                List.of(new ColumnShape("First \"Name\"", "text", false, false)), List.of("First \"Name\""), false);
        assertThat(insert(odd, List.of(row("First \"Name\"", "x"))).text()).isEqualTo("INSERT INTO \"My Schema\"."
                + "\"Task\"\"s\" AS _t (\"First \"\"Name\"\"\") VALUES (CAST($1 AS text))");
        assertThat(WriteStatements.insert(odd, List.of(row("First \"Name\"", "x")), List.of("*")).text())
                .endsWith(" RETURNING (SELECT row_to_json(_r) FROM (SELECT _t.\"First \"\"Name\"\"\") AS _r)::text AS _row");
    }
}
