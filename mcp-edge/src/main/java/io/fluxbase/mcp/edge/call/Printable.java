package io.fluxbase.mcp.edge.call;

/**
 * Caller-sent text echoed in a message or a record: control characters and lone surrogates escaped ({@code \u0000}),
 * cut to a length, so it reads on one line and any store can hold it.
 */
public final class Printable {

    private Printable() {
    }

    public static String of(String text, int maxChars) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length() && out.length() < maxChars) {
            int c = text.codePointAt(i);
            if (Character.isISOControl(c) || c <= Character.MAX_VALUE && Character.isSurrogate((char) c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        return i < text.length() ? out + "…" : out.toString();
    }
}
