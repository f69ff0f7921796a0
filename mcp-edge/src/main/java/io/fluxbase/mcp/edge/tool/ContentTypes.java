package io.fluxbase.mcp.edge.tool;

import java.net.URLConnection;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/** A file's content type when the caller names none: from its extension, else by how its content was sent. */
final class ContentTypes {

    private static final Map<String, String> COMMON = Map.ofEntries(
            Map.entry("json", "application/json"), Map.entry("md", "text/markdown"), Map.entry("csv", "text/csv"),
            Map.entry("txt", "text/plain"), Map.entry("html", "text/html"), Map.entry("css", "text/css"),
            Map.entry("js", "application/javascript"), Map.entry("yaml", "application/yaml"),
            Map.entry("yml", "application/yaml"), Map.entry("sql", "application/sql"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("pdf", "application/pdf"), Map.entry("zip", "application/zip"));

    private ContentTypes() {
    }

    static String guess(String path, boolean sentAsText) {
        int dot = path.lastIndexOf('.');
        String extension = dot < 0 || dot < path.lastIndexOf('/') ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        String known = COMMON.get(extension);
        if (known == null) {
            known = URLConnection.guessContentTypeFromName(path);
        }
        if (known != null) {
            return known;
        }
        return sentAsText ? "text/plain" : "application/octet-stream";
    }

    /**
     * A content type as given: one type/subtype, parameters allowed; anything else is refused by name. The type is
     * sent back as a download's header, so it must also be one HTTP can carry (a known charset, a q from 0 to 1).
     */
    static String check(String contentType) {
        if (!contentType.matches("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;\\s*[A-Za-z0-9_.-]+=[^;\\s]+)*")) {
            throw new IllegalArgumentException("content_type: '" + contentType + "' is not a content type such as"
                    + " text/plain or image/png");
        }
        try {
            MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            String why = String.valueOf(e.getMessage()); // Invalid mime type "...": <reason>
            int reason = why.lastIndexOf("\": ");
            throw new IllegalArgumentException("content_type: '" + contentType + "' is not a content type HTTP can"
                    + " carry (" + (reason < 0 ? why : why.substring(reason + 3)) + "); use one such as"
                    + " text/plain; charset=utf-8");
        }
        return contentType;
    }
}
