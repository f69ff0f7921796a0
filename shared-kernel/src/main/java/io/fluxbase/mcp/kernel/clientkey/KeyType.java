package io.fluxbase.mcp.kernel.clientkey;

/**
 * anon keys run as a restricted database role under row-level security (as {@code authenticated} when bound to a
 * user); service keys run as a role that bypasses RLS.
 */
public enum KeyType {
    ANON("anon"),
    SERVICE("service");

    private final String wireName;

    KeyType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }

    public static KeyType parse(String text) {
        for (KeyType type : values()) {
            if (type.wireName.equalsIgnoreCase(text.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown key type '" + text + "'; valid types are anon, service");
    }
}
