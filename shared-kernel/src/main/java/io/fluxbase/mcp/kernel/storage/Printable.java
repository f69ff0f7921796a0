package io.fluxbase.mcp.kernel.storage;

/** A name as an error message may quote it: control characters escaped, and cut short when long. */
final class Printable {

    private Printable() {
    }

    static String of(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > 80 ? out + "…" : out.toString();
    }
}
