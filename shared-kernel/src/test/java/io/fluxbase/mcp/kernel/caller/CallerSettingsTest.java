package io.fluxbase.mcp.kernel.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.kernel.clientkey.KeyType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallerSettingsTest {

    @Test
    void opensTheTransactionAsTheKeysRoleWithItsClaims() {
        UUID user = UUID.fromString("11111111-1111-1111-1111-111111111111");
        String sql = CallerSettings.openingStatements(new Caller("ck_abc", KeyType.ANON, "authenticated", user));
        assertThat(sql).isEqualTo("BEGIN; SELECT set_config('role', 'authenticated', true), "
                + "set_config('request.jwt.claims', '{\"sub\":\"11111111-1111-1111-1111-111111111111\","
                + "\"role\":\"authenticated\",\"key_id\":\"ck_abc\",\"key_type\":\"anon\"}', true)");
    }

    @Test
    void aCallInTheSharedLogTransactionSitsBehindItsOwnSavepointAndGivesTheRoleBack() {
        String enter = CallerSettings.enterCall(new Caller("ck_abc", KeyType.SERVICE, "service_role", null));
        assertThat(enter).startsWith("SAVEPOINT fluxbase_call; SELECT set_config('role', 'service_role', true), ");
        assertThat(CallerSettings.LEAVE_CALL).startsWith("RELEASE SAVEPOINT fluxbase_call; ")
                .contains("set_config('role', 'none', true)").contains("set_config('request.jwt.claims', '', true)");
        assertThat(CallerSettings.ABANDON_CALL).startsWith("ROLLBACK TO SAVEPOINT fluxbase_call");
        assertThatThrownBy(() -> CallerSettings.enterCall(new Caller("ck_abc", KeyType.SERVICE, "postgres", null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unboundAnonKeysHaveNoSubject() {
        assertThat(new Caller("ck_abc", KeyType.ANON, "anon", null).claimsJson()).contains("\"sub\":null");
    }

    @Test
    void refusesAnyRoleOutsideTheThreeKeyRoles() {
        assertThatThrownBy(() -> CallerSettings.openingStatements(
                new Caller("ck_abc", KeyType.SERVICE, "postgres', true); DROP TABLE x; --", null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quotesLiteralsSoTheyStayLiterals() {
        assertThat(CallerSettings.literal("it's")).isEqualTo("'it''s'");
    }
}
