package io.fluxbase.mcp.kernel.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectParserTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            id                    | id
            id,title              | id/title
            ` id , title `        | id/title
            id,title,id           | id/title
            user_id               | user_id
            First Name,x          | First Name/x
            `id; DROP TABLE tasks`| id; DROP TABLE tasks
            """)
    void parses(String input, String expected) {
        assertThat(String.join("/", SelectParser.parse(input))).isEqualTo(expected);
    }

    @Test
    void allColumnsIsEmptyList() {
        assertThat(SelectParser.parse(null)).isEmpty();
        assertThat(SelectParser.parse("")).isEmpty();
        assertThat(SelectParser.parse("   ")).isEmpty();
        assertThat(SelectParser.parse("*")).isEmpty();
        assertThat(SelectParser.parse(" * ")).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a,,b            | select: empty column name in 'a,,b'; list plain column names separated by commas, e.g. 'id,title', or use '*' for all columns
            a,              | select: empty column name in 'a,'
            `,`             | select: empty column name in ','
            id::text        | select: 'id::text' in 'id::text': casts ('::') are not supported; list plain column names
            data->a         | select: 'data->a' in 'data->a': JSON paths ('->', '->>') are not supported
            data->>a        | select: 'data->>a' in 'data->>a': JSON paths
            users(name)     | select: 'users(name)' in 'users(name)': embedded resources and function calls ('x(y)') are not supported
            count()         | select: 'count()' in 'count()': embedded resources
            alias:id        | select: 'alias:id' in 'alias:id': aliases ('alias:column') are not supported
            `"x" or 1=1`    | select: '"x" or 1=1' in '"x" or 1=1': quotes are not needed
            `*,id`          | select: '*' in '*,id': '*' must be used alone
            `t.*`           | select: 't.*' in 't.*': '*' must be used alone
            users!inner     | select: 'users!inner' in 'users!inner': hints ('!') are not supported
            """)
    void rejects(String input, String expectedMessage) {
        FilterSyntaxError error = catchThrowableOfType(FilterSyntaxError.class, () -> SelectParser.parse(input));
        assertThat(error).as("expected an error for %s", input).isNotNull();
        assertThat(error.argument()).isEqualTo("select");
        assertThat(error.getMessage()).startsWith(expectedMessage);
    }
}
