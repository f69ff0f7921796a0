package io.fluxbase.mcp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FluxbaseSettingsTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("fluxbase.yaml"), text);
    }

    @Test
    void defaultsApplyWithoutAFile() {
        FluxbaseSettings settings = FluxbaseSettings.load(null, Map.of());
        assertThat(settings.get("mcp.base_path")).isEqualTo("/mcp");
        assertThat(settings.get("mcp.rate_limit_per_min")).isEqualTo("100");
        assertThat(settings.get("database.url")).isEmpty();
    }

    @Test
    void readsTheDocumentedKeys() throws IOException {
        FluxbaseSettings settings = FluxbaseSettings.load(yaml("""
                mcp:
                  enabled: true
                  base_path: /tools/mcp
                  rate_limit_per_min: 250
                database:
                  url: ""
                """), Map.of());
        assertThat(settings.get("mcp.base_path")).isEqualTo("/tools/mcp");
        assertThat(settings.asSpringProperties()).containsEntry("fluxbase.mcp.rate-limit-per-min", "250");
    }

    @Test
    void environmentOverridesOneKey() throws IOException {
        FluxbaseSettings settings = FluxbaseSettings.load(yaml("mcp:\n  rate_limit_per_min: 250\n"),
                Map.of("FLUXBASE_MCP_RATE_LIMIT_PER_MIN", "7"));
        assertThat(settings.get("mcp.rate_limit_per_min")).isEqualTo("7");
    }

    @Test
    void unknownKeyStopsWithItsName() throws IOException {
        Path file = yaml("mcp:\n  rate_limit: 5\n");
        assertThatThrownBy(() -> FluxbaseSettings.load(file, Map.of()))
                .hasMessageContaining("unknown setting 'mcp.rate_limit'")
                .hasMessageContaining("mcp.rate_limit_per_min");
    }

    @Test
    void aSecretsKeyIsThirtyTwoBytesAndItsValueIsNeverRepeated() {
        String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(FluxbaseSettings.load(null, Map.of("FLUXBASE_SECRETS_KEY", key)).get("secrets.key")).isEqualTo(key);
        assertThat(FluxbaseSettings.load(null, Map.of()).get("secrets.key")).isEmpty();
        String short16 = java.util.Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes());
        assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_SECRETS_KEY", short16)))
                .hasMessageStartingWith("environment variable FLUXBASE_SECRETS_KEY:")
                .hasMessageContaining("32 random bytes").hasMessageContaining("holds 16 bytes")
                .hasMessageNotContaining(short16);
        assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_SECRETS_KEY", "not base64!")))
                .hasMessageContaining("not base64").hasMessageNotContaining("not base64!");
    }

    /** A URL that does not parse is most often one whose password holds a character it should have encoded. */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql://app:50%off@db:5432/app", "postgresql://app:two words@db/app",
            "jdbc:postgresql://app:p@ss:w0rd@db/app", "mysql://app:hunter2@db/app"})
    void aDatabaseUrlRefusedNeverRepeatsItsPassword(String url) {
        String password = url.substring(url.indexOf(':', url.indexOf("://") + 3) + 1, url.lastIndexOf('@'));
        assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_DATABASE_URL", url)))
                .hasMessageStartingWith("database.url:").hasMessageContaining("app:***@db")
                .hasMessageNotContaining(password);
    }

    @Test
    void badValuesNameTheKeyOrVariable() throws IOException {
        assertThatThrownBy(() -> FluxbaseSettings.load(yaml("mcp:\n  rate_limit_per_min: lots\n"), Map.of()))
                .hasMessageStartingWith("mcp.rate_limit_per_min:");
        assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_MCP_BASE_PATH", "mcp")))
                .hasMessageStartingWith("environment variable FLUXBASE_MCP_BASE_PATH:");
        assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_DATABASE_URL", "mysql://x")))
                .hasMessageStartingWith("database.url:");
        assertThatThrownBy(() -> FluxbaseSettings.load(yaml("mcp:\n  enabled: maybe\n"), Map.of()))
                .hasMessageContaining("mcp.enabled");
    }

    @Test
    void rpcSchemasAndChangeValuesAreChecked() throws IOException {
        FluxbaseSettings settings = FluxbaseSettings.load(yaml("rpc:\n  schemas: [public, api]\naudit:\n"
                + "  change_values: full\n"), Map.of());
        assertThat(settings.get("rpc.schemas")).isEqualTo("public,api");
        assertThat(settings.get("audit.change_values")).isEqualTo("full");
        assertThat(FluxbaseSettings.load(null, Map.of()).get("rpc.schemas")).isEqualTo("public");
        assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_RPC_SCHEMAS", "public,fluxbase")))
                .hasMessageStartingWith("environment variable FLUXBASE_RPC_SCHEMAS:")
                .hasMessageContaining("'fluxbase' holds internals");
        for (String internal : List.of("fluxbase_gate", "fluxbase_storage", "storage", "pg_temp")) {
            assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_RPC_SCHEMAS", "public," + internal)))
                    .hasMessageContaining("'" + internal + "' holds internals");
        }
        assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_RPC_SCHEMAS", "pub;lic")))
                .hasMessageContaining("not a plain schema name");
        assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_AUDIT_CHANGE_VALUES", "all")))
                .hasMessageContaining("digest, full");
        assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_AUDIT_RETENTION", "90d",
                "FLUXBASE_AUDIT_CHAIN", "off"))).hasMessageStartingWith("audit.retention: needs audit.chain on");
    }

    @Test
    void oneKeysFunctionCallsMustLeaveItsRoleAConnection() {
        assertThat(FluxbaseSettings.load(null, Map.of("FLUXBASE_RPC_MAX_CONCURRENT_PER_KEY", "2",
                "FLUXBASE_DATABASE_CALLER_POOL_SIZE", "3")).get("rpc.max_concurrent_per_key")).isEqualTo("2");
        assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_RPC_MAX_CONCURRENT_PER_KEY", "8")))
                .hasMessageStartingWith("rpc.max_concurrent_per_key: 8 must be less than database.caller_pool_size (8)");
    }

    @Test
    void auditArgumentsAndSecretNamesAreChecked() throws IOException {
        FluxbaseSettings settings = FluxbaseSettings.load(yaml("audit:\n  arguments: redacted\n"
                + "  secret_names: [pin, ssn]\n"), Map.of());
        assertThat(settings.get("audit.arguments")).isEqualTo("redacted");
        assertThat(settings.asSpringProperties()).containsEntry("fluxbase.audit.secret-names", "pin,ssn");
        assertThat(FluxbaseSettings.load(null, Map.of()).get("audit.secret_names"))
                .isEqualTo("password,passwd,secret,token,api_key,apikey,authorization,access_key,private_key,"
                        + "credential");
        assertThat(FluxbaseSettings.load(null, Map.of("FLUXBASE_AUDIT_ARGUMENTS", "full")).get("audit.arguments"))
                .isEqualTo("full");
        assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_AUDIT_ARGUMENTS", "masked")))
                .hasMessageStartingWith("environment variable FLUXBASE_AUDIT_ARGUMENTS:")
                .hasMessageContaining("digest, redacted, full");
        assertThatThrownBy(() -> FluxbaseSettings.load(yaml("audit:\n  secret_names: \"pin, --\"\n"), Map.of()))
                .hasMessageStartingWith("audit.secret_names:")
                .hasMessageContaining("'--' has no letter or digit");
    }

    @Test
    void authFailuresPerMinuteDefaultsTo30AndMustBePositive() throws IOException {
        assertThat(FluxbaseSettings.load(null, Map.of()).get("mcp.auth_failures_per_min")).isEqualTo("30");
        assertThat(FluxbaseSettings.load(yaml("mcp:\n  auth_failures_per_min: 5\n"), Map.of()).asSpringProperties())
                .containsEntry("fluxbase.mcp.auth-failures-per-min", "5");
        assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_MCP_AUTH_FAILURES_PER_MIN", "0")))
                .hasMessageStartingWith("environment variable FLUXBASE_MCP_AUTH_FAILURES_PER_MIN:")
                .hasMessageContaining("from 1 to");
    }

    @Test
    void trustedProxiesAreAddressesOrRangesAndNoneByDefault() throws IOException {
        assertThat(FluxbaseSettings.load(null, Map.of()).get("mcp.trusted_proxies")).isEmpty();
        assertThat(FluxbaseSettings.load(yaml("mcp:\n  trusted_proxies: [10.0.0.0/8, \"::1\"]\n"), Map.of())
                .asSpringProperties()).containsEntry("fluxbase.mcp.trusted-proxies", "10.0.0.0/8,::1");
        assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_MCP_TRUSTED_PROXIES", "lb.internal")))
                .hasMessageStartingWith("mcp.trusted_proxies: 'lb.internal' is not an IP address or range");
    }

    @Test
    void missingConfigFileIsReported() {
        assertThatThrownBy(() -> FluxbaseSettings.load(dir.resolve("nope.yaml"), Map.of()))
                .hasMessageContaining("nope.yaml does not exist");
    }

    @Test
    void databaseUrlsParseInBothForms() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app:s%40cret@db.example:6543/project");
        assertThat(url).isEqualTo(new DatabaseUrl("db.example", 6543, "project", "app", "s@cret"));
        assertThat(DatabaseUrl.parse("jdbc:postgresql://localhost/x").jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost:5432/x");
        assertThat(url.psqlUrl()).isEqualTo("postgresql://app:s%40cret@db.example:6543/project");
    }

    @Test
    void theS3BackendNeedsABucket() {
        assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_STORAGE_BACKEND", "s3")))
                .hasMessageStartingWith("storage.s3.bucket: required when storage.backend is s3");
        FluxbaseSettings settings = FluxbaseSettings.load(null, Map.of("FLUXBASE_STORAGE_BACKEND", "s3",
                "FLUXBASE_STORAGE_S3_BUCKET", "files", "FLUXBASE_STORAGE_S3_PREFIX", "fluxbase"));
        assertThat(settings.get("storage.s3.region")).isEqualTo("us-east-1");
        assertThat(settings.get("storage.s3.prefix")).isEqualTo("fluxbase/");
        assertThat(settings.asSpringProperties()).containsEntry("fluxbase.storage.s3.path-style", "true");
    }

    @Test
    void badS3SettingsAreNamed() {
        assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_STORAGE_S3_ENDPOINT", "127.0.0.1:9000")))
                .hasMessageContaining("FLUXBASE_STORAGE_S3_ENDPOINT").hasMessageContaining("http://127.0.0.1:9000");
        assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_STORAGE_S3_BUCKET", "My_Bucket")))
                .hasMessageContaining("FLUXBASE_STORAGE_S3_BUCKET").hasMessageContaining("S3 bucket name");
    }

    @Test
    void functionsAllowedHostsAreHostNamesOnly() throws IOException {
        assertThat(FluxbaseSettings.load(null, Map.of()).get("functions.allowed_hosts")).isEmpty();
        FluxbaseSettings settings = FluxbaseSettings.load(yaml("functions:\n  allowed_hosts: [API.example.com,"
                + " 127.0.0.1:8080]\n"), Map.of());
        assertThat(settings.asSpringProperties())
                .containsEntry("fluxbase.functions.allowed-hosts", "api.example.com,127.0.0.1:8080");
        for (String bad : new String[] {"https://api.example.com", "api.example.com/v1", "a.com,,b.com", "a.com, "}) {
            assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_FUNCTIONS_ALLOWED_HOSTS", bad)))
                    .as(bad).hasMessageStartingWith("functions.allowed_hosts: ");
        }
    }

    @Test
    void functionsMaxMemoryIsASizeOfAtLeast16MB() {
        assertThat(FluxbaseSettings.load(null, Map.of()).get("functions.max_memory")).isEqualTo("1073741824");
        assertThat(FluxbaseSettings.load(null, Map.of("FLUXBASE_FUNCTIONS_MAX_MEMORY", "512MB")).asSpringProperties())
                .containsEntry("fluxbase.functions.max-memory", "536870912");
        assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_FUNCTIONS_MAX_MEMORY", "1MB")))
                .hasMessageContaining("FUNCTIONS_MAX_MEMORY").hasMessageContaining("at least 16MB");
        assertThatThrownBy(() -> FluxbaseSettings.load(null, Map.of("FLUXBASE_FUNCTIONS_MAX_MEMORY", "lots")))
                .hasMessageStartingWith("functions.max_memory: 'lots' is not a size");
    }
}
