package io.fluxbase.mcp.kernel.storage;

import java.nio.charset.StandardCharsets;

/**
 * A file's path inside its bucket, e.g. {@code user-1/avatars/me.png}: relative, '/'-separated, every segment a plain
 * name. Whatever could climb out of a folder or name two files alike ({@code ..}, {@code .}, a leading '/', empty
 * segments, backslashes) or hide in a listing (NUL and other control characters) is refused.
 */
public final class FilePath {

    public static final int MAX_BYTES = 1024;

    private FilePath() {
    }

    /** The path, or an IllegalArgumentException that starts with {@code argument} and says what to change. */
    public static String check(String path, String argument) {
        String quoted = "'" + Printable.of(path) + "'";
        if (path.isEmpty()) {
            throw new IllegalArgumentException(argument + ": required; give a path such as 'folder/file.txt'");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException(argument + ": longer than " + MAX_BYTES + " bytes; use a shorter path");
        }
        if (path.chars().anyMatch(c -> Character.isISOControl(c))) {
            throw new IllegalArgumentException(argument + ": " + quoted + " holds a control character; paths are"
                    + " printable text");
        }
        if (path.indexOf('\\') >= 0) {
            throw new IllegalArgumentException(argument + ": " + quoted + " holds a backslash; separate folders"
                    + " with '/'");
        }
        if (path.startsWith("/")) {
            throw new IllegalArgumentException(argument + ": " + quoted + " starts with '/'; paths are relative to"
                    + " the bucket, e.g. 'folder/file.txt'");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException(argument + ": " + quoted + " has an empty folder name ('//' or a"
                        + " trailing '/'); name a file such as 'folder/file.txt'");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(argument + ": " + quoted + " holds '" + segment + "'; paths may"
                        + " not climb out of or name their folder");
            }
        }
        return path;
    }

    /**
     * A listing prefix: like a path, but it may be empty or end with '/' (a folder); "" lists the whole bucket.
     */
    public static String checkPrefix(String prefix, String argument) {
        if (prefix.isEmpty()) {
            return prefix;
        }
        check(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix, argument);
        return prefix;
    }
}
