package io.fluxbase.mcp.kernel.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code audit.secret_names}: argument names whose values a call record never keeps, at any depth of the arguments
 * (a password inside {@code data}, a token inside {@code params} or {@code filter}). A name matches when it contains
 * one of them, ignoring case, {@code _} and {@code -}: {@code api_key} matches {@code X-Api-Key} and
 * {@code apiKey}, {@code password} matches {@code user_password}.
 */
public final class SecretNames {

    public static final List<String> DEFAULTS = List.of("password", "passwd", "secret", "token", "api_key", "apikey",
            "authorization", "access_key", "private_key", "credential");
    public static final String MASK = "[redacted]";

    /** Names already decided: every call's arguments are masked before their digest, and names repeat. */
    private static final int MAX_REMEMBERED = 1_000;
    /** Longer names are decided each time: a column name has at most 63 bytes, a caller's made-up name no limit. */
    static final int MAX_REMEMBERED_LENGTH = 64;

    private final List<String> fragments;
    private final Map<String, Boolean> decided = new ConcurrentHashMap<>();

    private SecretNames(List<String> fragments) {
        this.fragments = fragments;
    }

    /**
     * @param list comma-separated names, as the setting holds them
     * @throws IllegalArgumentException naming the entry that has no letter or digit to match by
     */
    public static SecretNames parse(String list) {
        List<String> fragments = new ArrayList<>();
        for (String name : list.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            String fragment = normalised(name);
            if (fragment.isEmpty()) {
                throw new IllegalArgumentException("'" + name.trim() + "' has no letter or digit"
                        + " to match argument names by; list names such as password,api_key");
            }
            fragments.add(fragment);
        }
        if (fragments.isEmpty()) {
            throw new IllegalArgumentException("the list is empty; name at least one, such as"
                    + " password (the default is " + String.join(",", DEFAULTS) + ")");
        }
        return new SecretNames(List.copyOf(fragments));
    }

    public static SecretNames defaults() {
        return parse(String.join(",", DEFAULTS));
    }

    public boolean matches(String name) {
        Boolean known = decided.get(name);
        if (known != null) {
            return known;
        }
        String candidate = normalised(name);
        boolean matched = fragments.stream().anyMatch(candidate::contains);
        // a caller choosing endless or huge names has them decided anew each time, never kept
        if (name.length() <= MAX_REMEMBERED_LENGTH && decided.size() < MAX_REMEMBERED) {
            decided.put(name, matched);
        }
        return matched;
    }

    /**
     * A copy of JSON-like arguments (maps, lists, scalars) with the value of every secret-named entry replaced by
     * {@link #MASK}, in objects and arrays at any depth.
     */
    public @Nullable Object masked(@Nullable Object arguments) {
        if (arguments instanceof Map<?, ?> map) {
            Map<String, @Nullable Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(String.valueOf(key),
                    matches(String.valueOf(key)) ? MASK : masked(value)));
            return copy;
        }
        if (arguments instanceof List<?> list) {
            return list.stream().map(this::masked).toList();
        }
        if (arguments instanceof Object[] array) {
            return Arrays.stream(array).map(this::masked).toList();
        }
        return arguments;
    }

    /** How many names are kept decided. */
    int remembered() {
        return decided.size();
    }

    private static String normalised(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
        return out.toString();
    }
}
