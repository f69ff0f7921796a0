package io.fluxbase.mcp.kernel.storage;

import java.util.regex.Pattern;

/** A bucket's name, which is also its id: what S3 and Supabase accept, so a bucket can move between them. */
public final class BucketName {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{1,62}");

    private BucketName() {
    }

    /** The name, or an IllegalArgumentException that starts with {@code argument} and says what a name may hold. */
    public static String check(String name, String argument) {
        if (!VALID.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException(argument + ": '" + Printable.of(name) + "' is not a bucket name; use 2"
                    + " to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }
}
