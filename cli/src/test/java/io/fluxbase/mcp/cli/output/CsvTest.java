package io.fluxbase.mcp.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsvTest {

    static Stream<Arguments> fields() {
        return Stream.of(
                Arguments.of("plain", "plain"),
                Arguments.of("", ""),
                Arguments.of("read:tables,write:tables", "\"read:tables,write:tables\""),
                Arguments.of("say \"hi\"", "\"say \"\"hi\"\"\""),
                Arguments.of(" padded ", "\" padded \""),
                Arguments.of("two\nlines", "\"two\nlines\""),
                Arguments.of("crlf\r\nline", "\"crlf\r\nline\""));
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @MethodSource("fields")
    void quotesOnlyWhenNeeded(String value, String expected) {
        assertThat(Csv.field(value)).isEqualTo(expected);
    }

    @Test
    void writesHeaderAndRowsWithEmptyFieldsForMissingValues() {
        Grid grid = Grid.withHeaders("id", "scopes", "user_id")
                .row("k1", "read:tables,read:schema", null);

        assertThat(Csv.render(grid)).isEqualTo("""
                id,scopes,user_id
                k1,"read:tables,read:schema",
                """);
    }
}
