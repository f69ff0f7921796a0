package io.fluxbase.mcp.kernel.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderParserTest {

    private static String describe(String order) {
        return OrderParser.parse(order).stream()
                .map(t -> t.column() + " " + (t.descending() ? "desc" : "asc") + " " + t.nulls().name().toLowerCase())
                .collect(Collectors.joining(", "));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            id                                  | id asc default
            id.desc                             | id desc default
            id.DESC                             | id desc default
            col.desc,col2.asc.nullslast,col3    | col desc default, col2 asc last, col3 asc default
            ` a.desc , b `                      | a desc default, b asc default
            a.nullsfirst                        | a asc first
            a.desc.nullsfirst                   | a desc first
            a.nullslast.desc                    | a desc last
            `id; DROP TABLE tasks`              | id; DROP TABLE tasks asc default
            """)
    void parses(String input, String expected) {
        assertThat(describe(input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a,,b            | order: empty term in 'a,,b'; write terms like 'col', 'col.asc' or 'col.desc', optionally followed by '.nullsfirst' or '.nullslast', separated by commas, e.g. 'created_at.desc.nullslast,id'
            a,              | order: empty term in 'a,'
            .desc           | order: missing column name in term '.desc'
            a.down          | order: unknown modifier 'down' in term 'a.down'; write terms like
            a.desc.         | order: unknown modifier '' in term 'a.desc.'
            a.asc.desc      | order: term 'a.asc.desc' gives the direction twice; use either .asc or .desc
            a.nullsfirst.nullslast | order: term 'a.nullsfirst.nullslast' gives the nulls position twice
            a.desc.nulls    | order: unknown modifier 'nulls' in term 'a.desc.nulls'
            """)
    void rejects(String input, String expectedMessage) {
        FilterSyntaxError error = catchThrowableOfType(FilterSyntaxError.class, () -> OrderParser.parse(input));
        assertThat(error).as("expected an error for %s", input).isNotNull();
        assertThat(error.argument()).isEqualTo("order");
        assertThat(error.getMessage()).startsWith(expectedMessage);
    }

    @Test
    void nullOrBlankMeansNoOrder() {
        assertThat(OrderParser.parse(null)).isEmpty();
        assertThat(OrderParser.parse("  ")).isEmpty();
    }

    @Test
    void buildsRecords() {
        assertThat(OrderParser.parse("a.desc.nullslast,b"))
                .containsExactly(new OrderTerm("a", true, Nulls.LAST), OrderTerm.asc("b"));
    }
}
