package io.fluxbase.mcp.kernel.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SecretRulesTest {

    @Test
    void namesAreEnvironmentVariableNames() {
        assertThat(SecretName.check("STRIPE_KEY", "name")).isEqualTo("STRIPE_KEY");
        assertThat(SecretName.check("_X1", "name")).isEqualTo("_X1");
        assertThat(SecretName.check("A".repeat(64), "name")).hasSize(64);
        for (String bad : new String[] {"", "stripe_key", "1KEY", "MY-KEY", "A B", "A".repeat(65), "KÉY"}) {
            assertThatThrownBy(() -> SecretName.check(bad, "name")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("name: '")
                    .hasMessageContaining("upper-case letters, digits or '_'");
        }
    }

    @Test
    void aValueIsNeitherEmptyNorLargeAndNeverPrinted() {
        assertThatThrownBy(() -> new SetSecretCommand("TOKEN", "")).hasMessageContaining("empty")
                .hasMessageContaining("fluxbase secrets unset TOKEN");
        assertThatThrownBy(() -> new SetSecretCommand("TOKEN", "x".repeat(SetSecretCommand.MAX_VALUE_BYTES + 1)))
                .hasMessageContaining("over 64 KiB");
        assertThat(new SetSecretCommand("TOKEN", "x".repeat(SetSecretCommand.MAX_VALUE_BYTES))).isNotNull();
        assertThat(new SetSecretCommand("TOKEN", "s3cr3t-value")).asString().doesNotContain("s3cr3t-value")
                .contains("TOKEN");
    }

    @Test
    void eventsCarryNoValue() {
        assertThat(SecretSetEvent.class.getRecordComponents()).extracting(c -> c.getName())
                .containsExactly("name", "time");
        assertThat(SecretDeletedEvent.class.getRecordComponents()).extracting(c -> c.getName())
                .containsExactly("name", "time");
        assertThat(new SecretView("TOKEN", Instant.EPOCH, null).shown()).containsOnlyKeys("name", "updated_at");
    }
}
