package io.fluxbase.mcp.kernel.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArgumentAuditTest {

    private static final String MESSAGE = "Key (code)=(abc) already exists.";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "digest   | false | Key (code)=(…) already exists.",
            "redacted | true  | Key (code)=(…) already exists.",
            "full     | true  | Key (code)=(abc) already exists."})
    void onlyFullKeepsTheQuotedValues(String setting, boolean keepsArguments, String recorded) {
        ArgumentAudit mode = ArgumentAudit.parse(setting);
        assertThat(mode.keepsArguments()).isEqualTo(keepsArguments);
        assertThat(mode.recordedMessage(MESSAGE)).isEqualTo(recorded);
        assertThat(mode.recordedMessage(null)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"masked", "''"})
    void anUnknownModeNamesTheSettingAndTheChoices(String setting) {
        assertThatThrownBy(() -> ArgumentAudit.parse(setting)).hasMessageStartingWith("audit.arguments:")
                .hasMessageContaining("digest, redacted, full");
    }
}
