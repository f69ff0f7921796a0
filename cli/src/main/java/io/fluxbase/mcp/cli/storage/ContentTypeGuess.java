package io.fluxbase.mcp.cli.storage;

import java.io.IOException;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;

/** The content type an upload is sent with when --content-type is not given. */
final class ContentTypeGuess {

    static final String UNKNOWN = "application/octet-stream";

    private ContentTypeGuess() {
    }

    /** By extension from the JDK's own table first (the same on every machine), then the platform's, else bytes. */
    static String of(Path file) {
        String byName = URLConnection.guessContentTypeFromName(file.getFileName().toString());
        if (byName != null) {
            return byName;
        }
        try {
            String probed = Files.probeContentType(file);
            return probed == null ? UNKNOWN : probed;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
