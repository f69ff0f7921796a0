package io.fluxbase.mcp.command.clientkey;

import static org.hamcrest.Matchers.any;

import io.fluxbase.mcp.kernel.clientkey.ClientKeyCreatedEvent;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyExpiredEvent;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyRevokedEvent;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyRotatedEvent;
import io.fluxbase.mcp.kernel.clientkey.CreateClientKeyCommand;
import io.fluxbase.mcp.kernel.clientkey.ExpireClientKeyCommand;
import io.fluxbase.mcp.kernel.clientkey.KeyType;
import io.fluxbase.mcp.kernel.clientkey.RevokeClientKeyCommand;
import io.fluxbase.mcp.kernel.clientkey.RotateClientKeyCommand;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import java.time.Instant;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientKeyAggregateTest {

    private static final String KEY = "ck_test";
    private static final Instant EARLIER = Instant.parse("2026-01-01T00:00:00Z");

    private AggregateTestFixture<ClientKeyAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ClientKeyAggregate.class);
    }

    private static CreateClientKeyCommand create(String name, Set<Scope> scopes, Integer rateLimit, Instant expires) {
        return new CreateClientKeyCommand(KEY, name, KeyType.ANON, scopes, null, expires, rateLimit, "hash", "fbk_abc");
    }

    private static ClientKeyCreatedEvent created(Instant expires) {
        return new ClientKeyCreatedEvent(KEY, "ci-bot", KeyType.ANON, Set.of(Scope.READ_TABLES), null, expires, null,
                "hash", "fbk_abc", EARLIER);
    }

    @Test
    void canCreateAKey() {
        fixture.givenNoPriorActivity()
                .when(create("ci-bot", Set.of(Scope.READ_TABLES), 60, null))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.matches(payload -> payload instanceof ClientKeyCreatedEvent event
                                && event.name().equals("ci-bot") && event.rateLimitPerMin() == 60
                                && event.scopes().equals(Set.of(Scope.READ_TABLES))),
                        Matchers.andNoMore())));
    }

    @Test
    void cannotCreateAKeyWithoutAName() {
        fixture.givenNoPriorActivity()
                .when(create(" ", Set.of(Scope.READ_TABLES), null, null))
                .expectException(IllegalArgumentException.class)
                .expectExceptionMessage(ClientKeyAggregate.NAME_REQUIRED);
    }

    @Test
    void cannotCreateAKeyWithoutScopes() {
        fixture.givenNoPriorActivity()
                .when(create("ci-bot", Set.of(), null, null))
                .expectException(IllegalArgumentException.class)
                .expectExceptionMessage(ClientKeyAggregate.SCOPES_REQUIRED);
    }

    @Test
    void cannotCreateAKeyWithANonPositiveRateLimit() {
        fixture.givenNoPriorActivity()
                .when(create("ci-bot", Set.of(Scope.READ_TABLES), 0, null))
                .expectException(IllegalArgumentException.class)
                .expectExceptionMessage(ClientKeyAggregate.RATE_LIMIT_POSITIVE.formatted(0));
    }

    @Test
    void canRevokeAKey() {
        fixture.given(created(null))
                .when(new RevokeClientKeyCommand(KEY))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.matches(payload -> payload instanceof ClientKeyRevokedEvent), Matchers.andNoMore())));
    }

    @Test
    void cannotRevokeAKeyTwice() {
        fixture.given(created(null), new ClientKeyRevokedEvent(KEY, EARLIER))
                .when(new RevokeClientKeyCommand(KEY))
                .expectException(IllegalStateException.class)
                .expectExceptionMessage(ClientKeyAggregate.ALREADY_REVOKED.formatted("ci-bot"));
    }

    @Test
    void canRotateAnActiveKey() {
        fixture.given(created(null))
                .when(new RotateClientKeyCommand(KEY, "new-hash", "fbk_new"))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.matches(payload -> payload instanceof ClientKeyRotatedEvent event
                                && event.keyHash().equals("new-hash")), Matchers.andNoMore())));
    }

    @Test
    void cannotRotateARevokedKey() {
        fixture.given(created(null), new ClientKeyRevokedEvent(KEY, EARLIER))
                .when(new RotateClientKeyCommand(KEY, "new-hash", "fbk_new"))
                .expectException(IllegalStateException.class)
                .expectExceptionMessage(ClientKeyAggregate.NOT_ACTIVE.formatted("ci-bot", "revoked"));
    }

    @Test
    void cannotRotateAnExpiredKey() {
        fixture.given(created(EARLIER))
                .when(new RotateClientKeyCommand(KEY, "new-hash", "fbk_new"))
                .expectException(IllegalStateException.class)
                .expectExceptionMessage(ClientKeyAggregate.NOT_ACTIVE.formatted("ci-bot", "expired"));
    }

    @Test
    void canRecordExpiryOnceTheKeyHasExpired() {
        fixture.given(created(EARLIER))
                .when(new ExpireClientKeyCommand(KEY))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.matches(payload -> payload instanceof ClientKeyExpiredEvent), Matchers.andNoMore())));
    }

    @Test
    void expiringTwiceRecordsNothingTheSecondTime() {
        fixture.given(created(EARLIER), new ClientKeyExpiredEvent(KEY, EARLIER))
                .when(new ExpireClientKeyCommand(KEY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void cannotExpireAKeyBeforeItsTime() {
        fixture.given(created(Instant.now().plusSeconds(3600)))
                .when(new ExpireClientKeyCommand(KEY))
                .expectException(IllegalStateException.class)
                .expectExceptionMessage(ClientKeyAggregate.NOT_YET_EXPIRED.formatted("ci-bot"));
    }
}
