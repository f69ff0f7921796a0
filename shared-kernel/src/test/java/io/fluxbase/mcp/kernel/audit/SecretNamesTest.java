package io.fluxbase.mcp.kernel.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretNamesTest {

    private final SecretNames secrets = SecretNames.defaults();

    @ParameterizedTest
    @CsvSource({
            "password, true", "user_password, true", "PASSWORD, true", "passwd, true", "client_secret, true",
            "refresh_token, true", "api_key, true", "apiKey, true", "X-Api-Key, true", "Authorization, true",
            "aws_access_key_id, true", "private_key, true", "credentials, true",
            "name, false", "table, false", "filter, false", "passage, false", "key, false", "id, false"})
    void matchesSecretLikeNamesAsAnyPartOfAName(String name, boolean secret) {
        assertThat(secrets.matches(name)).as(name).isEqualTo(secret);
    }

    @Test
    void masksSecretsAtAnyDepthInObjectsAndArrays() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("note", "keep me");
        nested.put("session_token", Map.of("deep", "tok-123"));
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("table", "users");
        arguments.put("data", List.of(Map.of("name", "ann", "password", "hunter2"), nested));
        arguments.put("filter", Map.of("api_key", "eq.k-1"));
        arguments.put("params", Map.of("options", List.of(List.of(Map.of("Authorization", "Bearer x")))));
        arguments.put("nothing", Arrays.asList(null, 1, true));

        assertThat(secrets.masked(arguments)).isEqualTo(Map.of(
                "table", "users",
                "data", List.of(Map.of("name", "ann", "password", "[redacted]"),
                        Map.of("note", "keep me", "session_token", "[redacted]")),
                "filter", Map.of("api_key", "[redacted]"),
                "params", Map.of("options", List.of(List.of(Map.of("Authorization", "[redacted]")))),
                "nothing", Arrays.asList(null, 1, true)));
    }

    @Test
    void theListIsConfigurable() {
        SecretNames own = SecretNames.parse("pin, ssn");
        assertThat(own.matches("card_pin")).isTrue();
        assertThat(own.matches("password")).isFalse();
        assertThatThrownBy(() -> SecretNames.parse(" , ")).hasMessageContaining("the list is empty");
        assertThatThrownBy(() -> SecretNames.parse("pin,__")).hasMessageContaining("'__'");
    }

    /** Names are kept decided to spare each call the work, but a caller's huge made-up names are not kept. */
    @Test
    void keepsOnlyShortNamesDecided() {
        SecretNames names = SecretNames.defaults();
        String huge = "x".repeat(50_000);
        for (int i = 0; i < 100; i++) {
            assertThat(names.matches(huge + i)).isFalse();
            assertThat(names.matches(huge + "password" + i)).isTrue();
        }
        assertThat(names.remembered()).isZero();
        assertThat(names.matches("db_password")).isTrue();
        assertThat(names.matches("title")).isFalse();
        assertThat(names.remembered()).isEqualTo(2);
    }
}
