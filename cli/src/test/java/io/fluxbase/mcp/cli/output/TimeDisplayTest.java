package io.fluxbase.mcp.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeDisplayTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-11-30T11:59:15Z, 45s ago",
            "2026-11-30T11:55:00Z, 5m ago",
            "2026-11-30T09:00:00Z, 3h ago",
            "2026-11-18T12:00:00Z, 12d ago",
            "2026-12-30T12:00:00Z, in 30d",
            "not a time,           not a time",
    })
    void showsTimesRelativeToNow(String time, String expected) {
        assertThat(TimeDisplay.relative(time, NOW)).isEqualTo(expected);
    }

    @Test
    void showsTimesInTheGivenZone() {
        assertThat(TimeDisplay.local("2026-11-30T10:00:00Z", ZoneOffset.UTC)).isEqualTo("2026-11-30 10:00:00");
        assertThat(TimeDisplay.local("2026-11-30T10:00:00.5+00:00", ZoneId.of("Europe/Berlin")))
                .isEqualTo("2026-11-30 11:00:00");
        assertThat(TimeDisplay.local(null, ZoneOffset.UTC)).isNull();
    }
}
