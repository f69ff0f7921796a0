package io.fluxbase.mcp.kernel.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeSpecTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @ParameterizedTest(name = "since {0} -> {1}")
    @CsvSource({
            "30s,                       2026-11-30T11:59:30Z",
            "30m,                       2026-11-30T11:30:00Z",
            "24h,                       2026-11-29T12:00:00Z",
            "7d,                        2026-11-23T12:00:00Z",
            "2w,                        2026-11-16T12:00:00Z",
            "' 15M ',                   2026-11-30T11:45:00Z",
            "2026-11-30T10:00:00Z,      2026-11-30T10:00:00Z",
            "2026-11-30T10:00:00.250Z,  2026-11-30T10:00:00.250Z",
            "2026-11-30T11:00:00+01:00, 2026-11-30T10:00:00Z",
            "2026-11-30t10:00:00z,      2026-11-30T10:00:00Z",
    })
    void readsPointsInThePast(String spec, Instant expected) {
        assertThat(TimeSpec.pointInPast(spec, NOW)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "expires {0} -> {1}")
    @CsvSource({
            "30d,                       2026-12-30T12:00:00Z",
            "12h,                       2026-12-01T00:00:00Z",
            "1w,                        2026-12-07T12:00:00Z",
            "2027-01-01T00:00:00Z,      2027-01-01T00:00:00Z",
            "2027-01-01T02:00:00+02:00, 2027-01-01T00:00:00Z",
    })
    void readsPointsInTheFuture(String spec, Instant expected) {
        assertThat(TimeSpec.pointInFuture(spec, NOW)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "since ''{0}'' is rejected")
    @ValueSource(strings = {"3x", "", "30", "m", "-5m", "0m", "1.5h", "24 h", "2026-11-30", "2026-11-30T10:00:00",
            "yesterday", "1234567890d"})
    void rejectsUnreadableSince(String spec) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TimeSpec.pointInPast(spec, NOW))
                .withMessage("--since: cannot read '" + spec + "'; use a duration such as 30m, 24h, 7d"
                        + " or an RFC 3339 time such as 2026-11-30T10:00:00Z");
    }

    @ParameterizedTest(name = "option name {0} is used in the message")
    @ValueSource(strings = {"since", "--since", "expires"})
    void namesTheCallersOption(String optionName) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TimeSpec.pointInPast("3x", NOW, optionName))
                .withMessageStartingWith(optionName + ": cannot read '3x'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TimeSpec.pointInFuture("3x", NOW, optionName))
                .withMessage(optionName + ": cannot read '3x'; use a duration such as 30d, 12h, 2w"
                        + " or an RFC 3339 time such as 2026-11-30T10:00:00Z");
    }

    @ParameterizedTest(name = "expires {0} is not in the future")
    @ValueSource(strings = {"2026-11-30T12:00:00Z", "2020-01-01T00:00:00Z"})
    void rejectsExpiryInThePast(String spec) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TimeSpec.pointInFuture(spec, NOW))
                .withMessage("--expires: " + spec + " is not in the future; use a later time or a duration such as 30d");
    }

    @ParameterizedTest(name = "duration {0} -> {1}s")
    @CsvSource({"2s, 2", "1m, 60", "1h, 3600"})
    void readsPlainDurations(String spec, long seconds) {
        assertThat(TimeSpec.duration(spec, "--interval")).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest(name = "duration ''{0}'' is rejected")
    @ValueSource(strings = {"0s", "2", "2026-11-30T10:00:00Z", "fast"})
    void rejectsNonDurations(String spec) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TimeSpec.duration(spec, "--interval"))
                .withMessage("--interval: cannot read '" + spec + "'; use a duration such as 2s, 30s or 5m");
    }
}
