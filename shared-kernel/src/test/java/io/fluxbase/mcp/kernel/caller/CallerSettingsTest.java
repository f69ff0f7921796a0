package io.fluxbase.mcp.kernel.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.kernel.clientkey.KeyType;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallerSettingsTest {

    static Caller caller(KeyType type, String role, UUID user) {
        return new Caller("ck_abc", type, role, user, Set.of(Scope.READ_TABLES));
    }

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void opensAReadOnlyTransactionAsTheKeysRoleWithItsClaimsCutOffAtItsTimeout() {
        UUID user = UUID.fromString("11111111-1111-1111-1111-111111111111");
        String sql = CallerSettings.openRead(caller(KeyType.ANON, "authenticated", user), READ_TIMEOUT);
        assertThat(sql).isEqualTo("BEGIN READ ONLY; SELECT set_config('role', 'authenticated', true), "
                + "set_config('request.jwt.claims', '{\"sub\":\"11111111-1111-1111-1111-111111111111\","
                + "\"role\":\"authenticated\",\"key_id\":\"ck_abc\",\"key_type\":\"anon\"}', true), "
                + "set_config('statement_timeout', '30000', true)");
        assertThatThrownBy(() -> CallerSettings.openRead(caller(KeyType.ANON, "anon", null), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWriteIsCutOffAtItsTimeoutAndTakesItsClaimsAsAParameter() {
        assertThat(CallerSettings.openWriteWithClaimsBound(caller(KeyType.SERVICE, "service_role", null),
                Duration.ofSeconds(10))).isEqualTo("BEGIN; SELECT set_config('role', 'service_role', true), "
                + "set_config('request.jwt.claims', $1, true), set_config('statement_timeout', '10000', true)");
    }

    @Test
    void aReadOpeningThatStaysPreparedNamesOnlyTheRole() {
        UUID alice = UUID.fromString("11111111-1111-1111-1111-111111111111");
        UUID bob = UUID.fromString("22222222-2222-2222-2222-222222222222");
        String forAlice = CallerSettings.openReadWithClaimsBound(caller(KeyType.ANON, "authenticated", alice),
                READ_TIMEOUT);
        assertThat(forAlice).isEqualTo("BEGIN READ ONLY; SELECT set_config('role', 'authenticated', true), "
                + "set_config('request.jwt.claims', $1, true), set_config('statement_timeout', '30000', true)")
                .isEqualTo(CallerSettings.openReadWithClaimsBound(caller(KeyType.ANON, "authenticated", bob),
                        READ_TIMEOUT));
        assertThatThrownBy(() -> CallerSettings.openReadWithClaimsBound(caller(KeyType.SERVICE, "postgres", null),
                READ_TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyEndResetsTheSessionAndTheSettingsGoFirst() {
        assertThat(CallerSettings.CLOSE_WRITE)
                .isEqualTo("RESET ALL; RESET ROLE; SELECT fluxbase_gate.reset_session(); COMMIT");
        assertThat(CallerSettings.ABANDON_WRITE)
                .isEqualTo("ROLLBACK; RESET ALL; RESET ROLE; SELECT fluxbase_gate.reset_session()");
        assertThat(CallerSettings.CLOSE_READ)
                .isEqualTo("RESET ALL; RESET ROLE; SELECT fluxbase_gate.reset_read_session(); COMMIT");
        assertThat(CallerSettings.ABANDON_READ)
                .isEqualTo("ROLLBACK; RESET ALL; RESET ROLE; SELECT fluxbase_gate.reset_read_session()");
    }

    @Test
    void unboundAnonKeysHaveNoSubject() {
        assertThat(caller(KeyType.ANON, "anon", null).claimsJson()).contains("\"sub\":null");
    }

    @Test
    void refusesAnyRoleOutsideTheThreeKeyRoles() {
        assertThatThrownBy(() -> CallerSettings.openRead(
                caller(KeyType.SERVICE, "postgres', true); DROP TABLE x; --", null), READ_TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CallerSettings.loginFor("postgres")).isInstanceOf(IllegalArgumentException.class);
        assertThat(CallerSettings.loginFor("anon")).isEqualTo("fluxbase_caller_anon");
    }

    @Test
    void quotesLiteralsSoTheyStayLiterals() {
        assertThat(CallerSettings.literal("it's")).isEqualTo("'it''s'");
    }
}
