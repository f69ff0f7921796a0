package io.fluxbase.mcp.kernel.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TableRefTest {

    @ParameterizedTest(name = "{0} -> {1}.{2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            tasks                   | public    | tasks     | "public"."tasks"      | public.tasks
            public.tasks            | public    | tasks     | "public"."tasks"      | public.tasks
            ` app . tasks `         | app       | tasks     | "app"."tasks"         | app.tasks
            Tasks                   | public    | Tasks     | "public"."Tasks"      | public."Tasks"
            "My Schema"."a.b"       | My Schema | a.b       | "My Schema"."a.b"     | "My Schema"."a.b"
            `"x""y"`                | public    | x"y       | "public"."x""y"       | public."x""y"
            `public. "T"`           | public    | T         | "public"."T"          | public."T"
            """)
    void parses(String text, String schema, String name, String qualified, String display) {
        TableRef ref = TableRef.parse(text);
        assertThat(ref).isEqualTo(new TableRef(schema, name));
        assertThat(ref.qualified()).isEqualTo(qualified);
        assertThat(ref.displayName()).isEqualTo(display);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ``                | table: table name is empty; use 'tasks' or 'public.tasks'
            a.b.c             | table: 'a.b.c' has too many dot-separated parts; use 'table' or 'schema.table'
            .tasks            | table: empty name part in '.tasks'
            public.           | table: 'public.' ends with a dot
            a..b              | table: empty name part in 'a..b'
            "abc              | table: unbalanced double quote in '"abc'
            a"b               | table: stray double quote in 'a"b'
            "a"b              | table: unexpected text after quoted name in '"a"b'
            `""`              | table: identifier is empty
            """)
    void rejects(String text, String expectedMessage) {
        IllegalArgumentException error = catchThrowableOfType(IllegalArgumentException.class,
                () -> TableRef.parse(text));
        assertThat(error).as("expected an error for %s", text).isNotNull();
        assertThat(error.getMessage()).startsWith(expectedMessage);
    }

    @Test
    void hostileNamesAreOnlyEverQuoted() {
        // Not a parse error: the name is looked up in the catalog and, if found, quoted.
        assertThat(TableRef.parse("tasks; DROP TABLE x").qualified()).isEqualTo("\"public\".\"tasks; DROP TABLE x\"");
        assertThat(TableRef.parse("\"a\"\"; DROP TABLE x; --\"").qualified())
                .isEqualTo("\"public\".\"a\"\"; DROP TABLE x; --\"");
    }

    @Test
    void rejectsOverlongName() {
        IllegalArgumentException error = catchThrowableOfType(IllegalArgumentException.class,
                () -> TableRef.parse("public." + "t".repeat(64)));
        assertThat(error.getMessage()).startsWith("table: identifier '" + "t".repeat(64) + "' is 64 bytes long");
    }

    @Test
    void shapeLooksUpColumnsExactly() {
        ColumnShape id = new ColumnShape("id", "integer", false, true);
        ColumnShape title = new ColumnShape("Title", "text", true, false);
        TableShape shape = new TableShape(new TableRef("public", "tasks"), List.of(id, title), List.of("id"), true);
        assertThat(shape.column("id")).contains(id);
        assertThat(shape.column("Title")).contains(title);
        assertThat(shape.column("title")).isEmpty();
        assertThat(shape.columnNames()).containsExactly("id", "Title");
        assertThat(id.isArray()).isFalse();
        assertThat(new ColumnShape("tags", "character varying(20)[]", true, false).isArray()).isTrue();
    }
}
