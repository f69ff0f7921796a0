package io.fluxbase.mcp.edge.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;

class DashboardSessionsTest {

    private final MovableClock clock = new MovableClock();
    private final DashboardSessions sessions = new DashboardSessions(Duration.ofHours(8), 3, clock);

    @Test
    void aSignInLinkWorksOnceAndOnlyWithinFiveMinutes() {
        DashboardSessions.Link used = sessions.mintLink();
        assertThat(sessions.redeem(used.token())).isTrue();
        assertThat(sessions.redeem(used.token())).isFalse();

        DashboardSessions.Link late = sessions.mintLink();
        clock.advance(DashboardSessions.LINK_TTL);
        assertThat(sessions.redeem(late.token())).isFalse();
        assertThat(sessions.redeem("made-up")).isFalse();
    }

    @Test
    void anAddressThatFailsTooOftenWaitsForTheNextMinute() {
        clock.advance(Duration.ofSeconds(60 - clock.instant().getEpochSecond() % 60));
        for (int i = 0; i < 3; i++) {
            assertThat(sessions.maySignIn("10.0.0.1")).isTrue();
            sessions.failedSignIn("10.0.0.1");
        }
        assertThat(sessions.maySignIn("10.0.0.1")).isFalse();
        assertThat(sessions.maySignIn("10.0.0.2")).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(sessions.maySignIn("10.0.0.1")).isTrue();
    }

    @Test
    void sessionsAreRandomAndTheirCookieIsStrictAndHttpOnly() {
        DashboardSessions.Session one = sessions.open();
        DashboardSessions.Session two = sessions.open();
        assertThat(one.id()).isNotEqualTo(two.id()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(one.csrf()).isNotEqualTo(one.id()).isNotEqualTo(two.csrf());
        assertThat(sessions.cookie(one, false).toString()).contains("Max-Age=28800", "HttpOnly", "SameSite=Strict",
                "Path=/").doesNotContain("Secure");
        assertThat(sessions.cookie(one, true).toString()).contains("Secure");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "127.0.0.1:8080, http://127.0.0.1:8080, none, true",
            "127.0.0.1:8080, http://127.0.0.1:9090, none, false",
            "127.0.0.1:8080, https://evil.example, same-origin, false",
            "127.0.0.1:8080, null, none, false",
            "127.0.0.1:8080, none, same-origin, true",
            "127.0.0.1:8080, none, same-site, false",
            "127.0.0.1:8080, none, none, false"})
    void sameOriginMeansTheOriginNamesTheHostOrTheBrowserSaysSo(String host, String origin, String fetchSite,
            boolean same) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.HOST, host);
        if (origin != null) {
            headers.set(HttpHeaders.ORIGIN, origin);
        }
        if (fetchSite != null) {
            headers.set("Sec-Fetch-Site", fetchSite);
        }
        assertThat(DashboardSessions.sameOrigin(headers)).isEqualTo(same);
    }

    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-12-03T12:00:30Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
