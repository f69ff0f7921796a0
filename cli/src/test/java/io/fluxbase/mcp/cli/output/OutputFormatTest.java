package io.fluxbase.mcp.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputFormatTest {

    @ParameterizedTest
    @CsvSource({"table, TABLE", "json, JSON", "csv, CSV", "JSON, JSON", "' csv ', CSV"})
    void readsFormatNames(String text, OutputFormat expected) {
        assertThat(OutputFormat.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"xml", "yaml", "''"})
    void listsTheValidFormats(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> OutputFormat.parse(text))
                .withMessage("unknown output format '" + text + "'; use table, json or csv");
    }
}
