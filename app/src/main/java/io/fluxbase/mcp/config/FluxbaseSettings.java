package io.fluxbase.mcp.config;

import io.fluxbase.mcp.edge.transport.TrustedProxies;
import io.fluxbase.mcp.function.AllowedHosts;
import io.fluxbase.mcp.function.FunctionRuntimeSettings;
import io.fluxbase.mcp.kernel.audit.SecretNames;
import io.fluxbase.mcp.kernel.storage.ByteSize;
import io.fluxbase.mcp.kernel.time.TimeSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * {@code fluxbase.yaml}: every key known, checked, and overridable one by one from the environment
 * ({@code mcp.rate_limit_per_min} ← {@code FLUXBASE_MCP_RATE_LIMIT_PER_MIN}). An unknown key or a bad value stops
 * the server with a message naming the key.
 */
public final class FluxbaseSettings {

    /** {@code secret}: a value that is a credential, or may hold one, and so is never shown or recorded. */
    private record Key(String name, String defaultValue, Function<String, String> check, boolean secret) {

        Key(String name, String defaultValue, Function<String, String> check) {
            this(name, defaultValue, check, false);
        }
    }

    private static final List<Key> KEYS = List.of(
            new Key("mcp.enabled", "true", FluxbaseSettings::bool),
            new Key("mcp.base_path", "/mcp", FluxbaseSettings::path),
            new Key("mcp.rate_limit_per_min", "100", v -> positive(v, 1_000_000)),
            new Key("mcp.auth_failures_per_min", "30", v -> positive(v, 1_000_000)),
            new Key("mcp.allowed_origins", "", v -> v),
            new Key("mcp.allowed_hosts", "", v -> v),
            new Key(TrustedProxies.SETTING, "", v -> {
                TrustedProxies.parse(v, TrustedProxies.SETTING);
                return v;
            }),
            new Key("mcp.session_idle_timeout", "30m", FluxbaseSettings::duration),
            new Key("mcp.max_result_bytes", "524288", v -> positive(v, 64L * 1024 * 1024)),
            new Key("mcp.max_request_bytes", "8388608", v -> positive(v, 64L * 1024 * 1024)),
            new Key("mcp.max_request_bytes_in_flight", "0", v -> v.equals("0") ? v
                    : String.valueOf(ByteSize.parse(v, "mcp.max_request_bytes_in_flight"))),
            new Key("mcp.request_read_timeout", "30s", FluxbaseSettings::duration),
            new Key("mcp.write_timeout", "10s", FluxbaseSettings::duration),
            new Key("mcp.read_timeout", "30s", FluxbaseSettings::readTimeout),
            new Key("audit.arguments", "digest", v -> oneOf(v, "digest", "redacted", "full")),
            new Key("audit.secret_names", String.join(",", SecretNames.DEFAULTS), FluxbaseSettings::secretNames),
            new Key("audit.change_values", "digest", v -> oneOf(v, "digest", "full")),
            new Key("audit.chain", "on", v -> oneOf(v, "on", "off")),
            new Key("audit.checkpoint_every", "10000", v -> positive(v, 100_000_000)),
            new Key("audit.checkpoint_interval", "1m", FluxbaseSettings::duration),
            new Key("audit.signing_key_file", "", v -> v),
            new Key("audit.retention", "", FluxbaseSettings::retention),
            new Key("rpc.schemas", "public", FluxbaseSettings::schemas),
            new Key("rpc.max_concurrent_per_key", "4", v -> positive(v, 1000)),
            new Key("functions.max_concurrent", "32", v -> positive(v, 10_000)),
            new Key("functions.max_concurrent_per_key", "8", v -> positive(v, 10_000)),
            new Key("jobs.workers", "2", v -> positive(v, 256)),
            new Key("jobs.max_queued_per_key", "1000", v -> positive(v, 1_000_000)),
            new Key("storage.backend", "postgres", v -> oneOf(v, "postgres", "s3")),
            new Key("storage.max_file_size", "50MB", v -> String.valueOf(ByteSize.parse(v, "storage.max_file_size"))),
            new Key("storage.s3.endpoint", "", FluxbaseSettings::endpoint),
            new Key("storage.s3.bucket", "", FluxbaseSettings::bucket),
            new Key("storage.s3.region", "us-east-1", FluxbaseSettings::region),
            new Key("storage.s3.path_style", "true", FluxbaseSettings::bool),
            new Key("storage.s3.prefix", "", FluxbaseSettings::prefix),
            new Key(AllowedHosts.SETTING, "", v -> AllowedHosts.parse(v, AllowedHosts.SETTING).toString()),
            new Key(FunctionRuntimeSettings.MAX_MEMORY_SETTING, FunctionRuntimeSettings.DEFAULT_MAX_MEMORY,
                    FluxbaseSettings::functionMemory),
            new Key("vectors.provider", "local", v -> oneOf(v, "local", "openai")),
            new Key("vectors.openai.base_url", "", FluxbaseSettings::embeddingsUrl),
            new Key("vectors.openai.model", "text-embedding-3-small", v -> v),
            new Key("vectors.openai.api_key", "", v -> v, true),
            new Key("vectors.approximate_from", "10000", v -> positive(v, 1_000_000_000)),
            new Key("vectors.max_candidates", "10000", v -> positive(v, 1_000_000)),
            new Key("dashboard.session_ttl", "8h", FluxbaseSettings::duration),
            new Key("database.caller_pool_size", "8", v -> positive(v, 200)),
            new Key("database.url", "", FluxbaseSettings::databaseUrl, true),
            new Key("secrets.key", "", FluxbaseSettings::secretsKey, true));

    private final Map<String, String> values;

    private FluxbaseSettings(Map<String, String> values) {
        this.values = values;
    }

    /** Every setting's name, as written in fluxbase.yaml. */
    public static List<String> names() {
        return KEYS.stream().map(Key::name).toList();
    }

    /** The settings whose values are credentials: shown and recorded only as set or changed, never as written. */
    public static Set<String> secretSettings() {
        return KEYS.stream().filter(Key::secret).map(Key::name).collect(Collectors.toUnmodifiableSet());
    }

    public static FluxbaseSettings load(@Nullable Path file, Map<String, String> environment) {
        Map<String, String> raw = new TreeMap<>();
        if (file != null) {
            raw.putAll(readYaml(file));
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Key key : KEYS) {
            String fromEnv = environment.get(envName(key.name()));
            String value = fromEnv != null ? fromEnv : raw.getOrDefault(key.name(), key.defaultValue());
            raw.remove(key.name());
            try {
                values.put(key.name(), key.check().apply(value.trim()));
            } catch (IllegalArgumentException e) {
                String where = fromEnv != null ? "environment variable " + envName(key.name()) : key.name();
                String message = e.getMessage().startsWith(key.name()) ? e.getMessage()
                        : where + ": " + e.getMessage();
                throw new IllegalArgumentException(message);
            }
        }
        if (!raw.isEmpty()) {
            throw new IllegalArgumentException("unknown setting '" + raw.keySet().iterator().next() + "' in " + file
                    + "; known settings are " + String.join(", ", names()));
        }
        if (Long.parseLong(values.get("rpc.max_concurrent_per_key"))
                >= Long.parseLong(values.get("database.caller_pool_size"))) {
            throw new IllegalArgumentException("rpc.max_concurrent_per_key: " + values.get("rpc.max_concurrent_per_key")
                    + " must be less than database.caller_pool_size (" + values.get("database.caller_pool_size")
                    + "), so one key's function calls can never take every connection of its role");
        }
        if (!values.get("audit.retention").isEmpty() && values.get("audit.chain").equals("off")) {
            throw new IllegalArgumentException("audit.retention: needs audit.chain on, as pruning signs its cut with"
                    + " the chain's key; with the chain off nothing would be pruned. Turn the chain on, or leave"
                    + " audit.retention empty");
        }
        if (values.get("storage.backend").equals("s3") && values.get("storage.s3.bucket").isEmpty()) {
            throw new IllegalArgumentException("storage.s3.bucket: required when storage.backend is s3; name the S3"
                    + " bucket that keeps the file content (set it in fluxbase.yaml or FLUXBASE_STORAGE_S3_BUCKET)");
        }
        if (values.get("vectors.provider").equals("openai") && values.get("vectors.openai.base_url").isEmpty()) {
            throw new IllegalArgumentException("vectors.openai.base_url: required when vectors.provider is openai;"
                    + " give the endpoint's base URL, e.g. https://api.openai.com/v1 (the key goes in"
                    + " FLUXBASE_VECTORS_OPENAI_API_KEY)");
        }
        return new FluxbaseSettings(values);
    }

    private static String embeddingsUrl(String value) {
        if (!value.isEmpty() && !value.matches("https?://[^\\s]+")) {
            throw new IllegalArgumentException("expected an http(s) base URL such as https://api.openai.com/v1, got '"
                    + value + "'");
        }
        return value;
    }

    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no setting " + key);
        }
        return value;
    }

    /** The settings as Spring properties under {@code fluxbase.}, in Spring's relaxed (kebab-case) form. */
    public Map<String, Object> asSpringProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        values.forEach((key, value) -> properties.put("fluxbase." + key.replace('_', '-'), value));
        return properties;
    }

    static String envName(String key) {
        return "FLUXBASE_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> readYaml(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file " + file + " does not exist");
        }
        Object document;
        try (Reader reader = Files.newBufferedReader(file)) {
            document = new Yaml().load(reader);
        } catch (IOException | YAMLException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> flat = new TreeMap<>();
        if (document instanceof Map<?, ?> map) {
            flatten("", map, flat);
        } else if (document != null) {
            throw new IllegalArgumentException(file + " must be a YAML mapping such as 'mcp:\\n  enabled: true'");
        }
        return flat;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> flat) {
        map.forEach((k, v) -> {
            String key = prefix + k;
            if (v instanceof Map<?, ?> nested) {
                flatten(key + ".", nested, flat);
            } else if (v instanceof List<?> list) {
                flat.put(key, String.join(",", list.stream().map(String::valueOf).toList()));
            } else {
                flat.put(key, v == null ? "" : String.valueOf(v));
            }
        });
    }

    private static String bool(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("expected true or false, got '" + value + "'");
        }
        return value;
    }

    private static String path(String value) {
        if (!value.matches("/[A-Za-z0-9._~/-]*") || value.endsWith("/") && value.length() > 1) {
            throw new IllegalArgumentException("expected a path such as /mcp (a leading '/', no trailing '/'), got '"
                    + value + "'");
        }
        return value;
    }

    private static String positive(String value, long max) {
        try {
            long number = Long.parseLong(value);
            if (number > 0 && number <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("expected a whole number from 1 to " + max + ", got '" + value + "'");
    }

    private static String duration(String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(s|m|h)").matcher(value);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("expected a duration such as 90s, 30m or 2h, got '" + value + "'");
        }
        long amount = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        return d.toString();
    }

    // the server stops waiting for a read's answer after 30 s (Conversations), so a longer timeout would only leave
    // PostgreSQL working for no one
    private static String readTimeout(String value) {
        String checked = duration(value);
        if (Duration.parse(checked).compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("expected at most 30s, got '" + value + "'");
        }
        return checked;
    }

    /** Empty keeps everything; otherwise how long call records and data changes are kept, such as 365d. */
    private static String retention(String value) {
        return value.isEmpty() ? value : TimeSpec.duration(value, "audit.retention").toString();
    }

    private static String databaseUrl(String value) {
        if (!value.isBlank()) {
            DatabaseUrl.parse(value);
        }
        return value;
    }

    /** Schemas whose functions invoke_rpc may call; never the server's own or PostgreSQL's. */
    private static String schemas(String value) {
        List<String> names = java.util.Arrays.stream(value.split(",")).map(String::trim).filter(n -> !n.isEmpty())
                .toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("expected a list of schemas such as 'public' or 'public,api', got '"
                    + value + "'");
        }
        for (String name : names) {
            if (!name.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("'" + name + "' is not a plain schema name (lower-case letters,"
                        + " digits and _)");
            }
            // the server's own schemas (their functions take the log gate's key, or act on storage for the
            // server), and PostgreSQL's
            if (List.of("fluxbase", "fluxbase_gate", "fluxbase_storage", "storage", "auth", "information_schema")
                    .contains(name) || name.startsWith("pg_")) {
                throw new IllegalArgumentException("schema '" + name + "' holds internals and cannot be exposed;"
                        + " put the functions to expose in public or a schema of your own");
            }
        }
        return String.join(",", names);
    }

    /** Names masked in recorded arguments; checked here so that a bad list stops the server, not a call. */
    private static String secretNames(String value) {
        SecretNames.parse(value);
        return String.join(",", java.util.Arrays.stream(value.split(",")).map(String::trim)
                .filter(name -> !name.isEmpty()).toList());
    }

    /** Empty for AWS itself; otherwise the base URL of an S3-compatible server. */
    private static String endpoint(String value) {
        if (value.isEmpty()) {
            return value;
        }
        try {
            java.net.URI uri = new java.net.URI(value);
            if (uri.getScheme() != null && uri.getScheme().matches("https?") && uri.getHost() != null) {
                return value;
            }
        } catch (java.net.URISyntaxException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("expected the URL of an S3-compatible server such as"
                + " http://127.0.0.1:9000, or empty for AWS, got '" + value + "'");
    }

    private static String bucket(String value) {
        if (!value.isEmpty() && !value.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("expected an S3 bucket name (3 to 63 lower-case letters, digits, '.'"
                    + " and '-'), got '" + value + "'");
        }
        return value;
    }

    private static String region(String value) {
        if (!value.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("expected a region such as us-east-1, got '" + value + "'");
        }
        return value;
    }

    /** A folder in the bucket: 'fluxbase' and 'fluxbase/' both put content under fluxbase/. */
    private static String prefix(String value) {
        if (value.startsWith("/") || value.length() > 512) {
            throw new IllegalArgumentException("expected a key prefix such as 'fluxbase/' (no leading '/', at most"
                    + " 512 characters), got '" + value + "'");
        }
        return value.isEmpty() || value.endsWith("/") ? value : value + "/";
    }

    /** Empty: the key file in the data directory. The message never repeats the value: it is a key. */
    private static String secretsKey(String value) {
        if (value.isEmpty()) {
            return value;
        }
        byte[] key;
        try {
            key = java.util.Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected the base64 of 32 random bytes (openssl rand -base64 32);"
                    + " the value given is not base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException("expected the base64 of 32 random bytes (openssl rand -base64 32);"
                    + " the value given holds " + key.length + " bytes");
        }
        return value;
    }

    /** A function's allocation budget; below 16 MB even small calls would hit it (an echo allocates ~0.2 MB). */
    private static String functionMemory(String value) {
        long bytes = ByteSize.parse(value, FunctionRuntimeSettings.MAX_MEMORY_SETTING);
        if (bytes < 16L * 1024 * 1024) {
            throw new IllegalArgumentException("expected at least 16MB, got '" + value + "'; it counts every byte a"
                    + " call allocates, garbage included");
        }
        return String.valueOf(bytes);
    }

    private static String oneOf(String value, String... allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(value)) {
                return value;
            }
        }
        throw new IllegalArgumentException("expected one of " + String.join(", ", allowed) + ", got '" + value + "'");
    }
}
