package io.fluxbase.mcp.query.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StorableTextTest {

    static Stream<Arguments> escapes() {
        return Stream.of(
                Arguments.of("plain", "plain"),
                Arguments.of("", ""),
                Arguments.of("id\u0000", "id\\u0000"),
                Arguments.of("\u0000\u0000", "\\u0000\\u0000"),
                Arguments.of("a\uD800b", "a\\uD800b"),
                Arguments.of("a\uDC00b", "a\\uDC00b"),
                Arguments.of("end\uD83D", "end\\uD83D"),
                Arguments.of("\uDE00\uD83D", "\\uDE00\\uD83D"),
                Arguments.of("smile \uD83D\uDE00", "smile \uD83D\uDE00"),
                Arguments.of("tab\tbell\u0007esc\u001B del\u007F c1\u0085",
                        "tab\tbell\u0007esc\u001B del\u007F c1\u0085"),
                Arguments.of("naïve 日本", "naïve 日本"));
    }

    @ParameterizedTest
    @MethodSource("escapes")
    void escapesWhatPostgresqlTextCannotHoldAndKeepsTheRest(String input, String stored) {
        assertThat(StorableText.name(input)).isEqualTo(stored);
    }

    @Test
    void keepsTheSameStringWhenNothingNeedsChanging() {
        String clean = "query_table";
        assertThat(StorableText.text(clean)).isSameAs(clean);
        assertThat(StorableText.name(null)).isNull();
    }

    @Test
    void cutsLongValuesWithAMarkerSayingHowMuchWasCut() {
        String stored = StorableText.name("x".repeat(1_000_000));
        assertThat(stored).startsWith("x".repeat(StorableText.NAME_CHARS))
                .endsWith("…[cut 998976 of 1000000 chars]")
                .hasSize(StorableText.NAME_CHARS + "…[cut 998976 of 1000000 chars]".length());
        assertThat(StorableText.text("y".repeat(StorableText.TEXT_CHARS))).hasSize(StorableText.TEXT_CHARS);
    }

    @Test
    void neverSplitsAnEscapeOrASurrogatePair() {
        assertThat(StorableText.cut("abcd\u0000", 8)).isEqualTo("abcd…[cut 1 of 5 chars]");
        assertThat(StorableText.cut("abcdefg\uD83D\uDE00", 8)).isEqualTo("abcdefg…[cut 2 of 9 chars]");
        assertThat(StorableText.whole("{\"k\":\"" + "v".repeat(100_000) + "\u0000\"}")).hasSize(100_014);
    }
}
