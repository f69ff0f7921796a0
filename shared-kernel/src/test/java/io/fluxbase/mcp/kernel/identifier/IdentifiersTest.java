package io.fluxbase.mcp.kernel.identifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentifiersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            tasks                  | "tasks"
            Tasks                  | "Tasks"
            first name             | "first name"
            a"b                    | "a""b"
            id; DROP TABLE tasks   | "id; DROP TABLE tasks"
            über                   | "über"
            $1                     | "$1"
            """)
    void quotes(String ident, String expected) {
        assertThat(Identifiers.quote(ident)).isEqualTo(expected);
    }

    @Test
    void doublesEmbeddedQuotesSoTheNameCannotEndEarly() {
        assertThat(Identifiers.quote("\"x\" or 1=1")).isEqualTo("\"\"\"x\"\" or 1=1\"");
        assertThat(Identifiers.quote("x\"; DROP TABLE t; --")).isEqualTo("\"x\"\"; DROP TABLE t; --\"");
    }

    @Test
    void acceptsExactly63Bytes() {
        assertThat(Identifiers.quote("a".repeat(63))).hasSize(65);
        assertThat(Identifiers.quote("é".repeat(31) + "a")).hasSize(34); // 63 bytes in UTF-8
    }

    @Test
    void rejectsTooLongCountingBytesNotChars() {
        assertThatThrownBy(() -> Identifiers.quote("a".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("identifier '" + "a".repeat(64) + "' is 64 bytes long; PostgreSQL names are at most 63 bytes,"
                        + " use the real (shorter) name");
        assertThatThrownBy(() -> Identifiers.quote("é".repeat(32)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is 64 bytes long");
    }

    @Test
    void rejectsEmptyAndNul() {
        assertThatThrownBy(() -> Identifiers.quote(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("identifier is empty; give a non-empty name");
        assertThatThrownBy(() -> Identifiers.quote("a\0b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("identifier 'a\\0b' contains a NUL character; remove it");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            tasks      | true
            _x1$       | true
            user_id    | true
            Tasks      | false
            1abc       | false
            $x         | false
            first name | false
            a-b        | false
            a"b        | false
            über       | false
            ``         | false
            """)
    void isPlain(String ident, boolean expected) {
        assertThat(Identifiers.isPlain(ident)).isEqualTo(expected);
    }

    @Test
    void isPlainRejectsOverlongNames() {
        assertThat(Identifiers.isPlain("a".repeat(63))).isTrue();
        assertThat(Identifiers.isPlain("a".repeat(64))).isFalse();
    }
}
