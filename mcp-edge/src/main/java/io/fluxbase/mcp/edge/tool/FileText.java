package io.fluxbase.mcp.edge.tool;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** Which content is sent as text: text types whose bytes are UTF-8. Everything else goes as base64. */
final class FileText {

    private FileText() {
    }

    static boolean isTextType(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        return type.startsWith("text/") || type.endsWith("+json") || type.endsWith("+xml")
                || type.equals("application/json") || type.equals("application/xml")
                || type.equals("application/javascript") || type.equals("application/x-yaml")
                || type.equals("application/yaml") || type.equals("application/sql")
                || type.equals("application/x-ndjson") || type.equals("image/svg+xml");
    }

    /** The bytes as text, or empty when they are not UTF-8. */
    static Optional<String> decode(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * How many of {@code bytes} end on a whole UTF-8 character: a slice cut inside a character drops that
     * character's first bytes, and the next slice starts with them.
     */
    static int wholeCharacters(byte[] bytes) {
        int end = bytes.length;
        for (int back = 1; back <= Math.min(3, bytes.length); back++) {
            int b = bytes[end - back] & 0xFF;
            if ((b & 0xC0) != 0x80) { // not a continuation byte: the start of the last character
                int length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                return back < length ? end - back : end;
            }
        }
        return end;
    }

    /** Text content holds no control characters but tab, line breaks and form feed; others mean binary. */
    static boolean looksBinary(String text) {
        return text.chars().anyMatch(c -> (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
                || c == 0x7F);
    }
}
