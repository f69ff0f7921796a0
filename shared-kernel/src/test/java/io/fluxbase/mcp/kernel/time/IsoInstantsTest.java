package io.fluxbase.mcp.kernel.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {

    private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

    @Test
    void readsEveryInstantAsToStringWroteIt() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(YEAR_0, YEAR_10000), randomNanos(random, i));
            assertThat(IsoInstants.parse(instant.toString())).isEqualTo(instant);
        }
        assertThat(IsoInstants.parse("1970-01-01T00:00:00Z")).isEqualTo(Instant.EPOCH);
        assertThat(IsoInstants.parse("2024-02-29T23:59:59.999999999Z"))
                .isEqualTo(Instant.parse("2024-02-29T23:59:59.999999999Z"));
    }

    @Test
    void writesEveryInstantAsToStringAndAxonWriteIt() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(YEAR_0, YEAR_10000), randomNanos(random, i));
            assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString());
            assertThat(IsoInstants.formatMillis(instant)).isEqualTo(DateTimeUtils.formatInstant(instant));
        }
    }

    /** The years beyond four digits, and the edges of the ones written digit by digit. */
    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z",
            "-0001-12-31T23:59:59.5Z", "+999999-12-31T23:59:59.999999999Z", "-999999-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.000000001Z", "2024-02-29T12:00:00.010Z",
            "2026-12-05T22:40:01.000100Z"})
    void writesTheEdgesAsTheFormattersDo(String text) {
        Instant instant = Instant.parse(text);
        assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString());
        assertThat(IsoInstants.formatMillis(instant)).isEqualTo(DateTimeUtils.formatInstant(instant));
    }

    /** Text in any other form reads as Instant.parse reads it. */
    @ParameterizedTest
    @ValueSource(strings = {"2026-12-05T20:47:17.5+01:00", "2026-12-05T19:47:17.12Z", "2026-12-05t19:47:17z",
            "+12026-12-05T19:47:17Z", "-0001-12-05T19:47:17Z", "2016-12-31T23:59:60Z", "2026-12-05T24:00:00Z",
            "2026-12-05T19:47:17.Z"})
    void otherFormsReadAsInstantParseReadsThem(String text) {
        assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
    }

    /** What Instant.parse refuses is refused the same way, out of range fields included. */
    @ParameterizedTest
    @ValueSource(strings = {"", "2026-13-05T19:47:17Z", "2026-02-30T19:47:17Z", "2026-12-05T25:00:00Z",
            "2026-12-05T19:60:17Z", "2026-12-05T19:47:17.1234567890Z", "2026-12-05 19:47:17Z",
            "2026-1a-05T19:47:17Z", "2026-12-05T19:47:17"})
    void unreadableTextIsRefusedAsInstantParseRefusesIt(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoInstants.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    private static long randomNanos(SplittableRandom random, int i) {
        return switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000L; // milliseconds
            case 2 -> random.nextInt(1_000_000) * 1_000L; // microseconds, as PostgreSQL keeps them
            default -> random.nextInt(1_000_000_000);
        };
    }
}
