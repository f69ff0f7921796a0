package io.fluxbase.mcp.kernel.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a SQL script into statements at top-level semicolons, leaving semicolons inside quotes, dollar-quoted
 * bodies ({@code $$ … $$}, {@code $fn$ … $fn$}) and comments alone. Each statement keeps the line it starts on.
 */
public final class SqlScript {

    public record Statement(String sql, int line) {

        private static final Set<String> DEFINING = Set.of("CREATE", "ALTER", "DROP");
        private static final Set<String> QUALIFIERS = Set.of("OR", "REPLACE", "UNIQUE", "TEMP", "TEMPORARY",
                "UNLOGGED", "GLOBAL", "LOCAL", "RECURSIVE", "CONSTRAINT", "TRUSTED", "PROCEDURAL");
        private static final Set<String> TWO_WORD_OBJECTS = Set.of("MATERIALIZED", "EVENT", "FOREIGN", "DEFAULT",
                "ACCESS", "TEXT", "USER", "OPERATOR");

        /** What the statement does, for the audit: {@code CREATE TABLE}, {@code CREATE POLICY}, {@code INSERT}. */
        public String kind() {
            String[] words = sql.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ").strip()
                    .toUpperCase(Locale.ROOT).replaceFirst("^[^A-Z_]+", "").split("[^A-Z_]+");
            List<String> kind = new ArrayList<>(List.of(words[0]));
            if (DEFINING.contains(words[0])) {
                int i = 1;
                while (i < words.length && QUALIFIERS.contains(words[i])) {
                    i++;
                }
                if (i < words.length) {
                    kind.add(words[i]);
                    if (TWO_WORD_OBJECTS.contains(words[i]) && i + 1 < words.length) {
                        kind.add(words[i + 1]);
                    }
                }
            }
            return String.join(" ", kind);
        }
    }

    private SqlScript() {
    }

    public static List<Statement> split(String script) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int startLine = 1;
        boolean started = false;
        int i = 0;
        while (i < script.length()) {
            char c = script.charAt(i);
            int end = i + 1;
            if (c == '\'' || c == '"') {
                end = closing(script, i + 1, String.valueOf(c));
            } else if (c == '-' && script.startsWith("--", i)) {
                end = closing(script, i + 2, "\n");
            } else if (c == '/' && script.startsWith("/*", i)) {
                end = closing(script, i + 2, "*/");
            } else if (c == '$') {
                int tagEnd = script.indexOf('$', i + 1);
                String tag = tagEnd < 0 ? null : script.substring(i, tagEnd + 1);
                if (tag != null && tag.matches("\\$[A-Za-z_0-9]*\\$")) {
                    end = closing(script, tagEnd + 1, tag);
                }
            } else if (c == ';') {
                add(statements, current, startLine);
                current.setLength(0);
                started = false;
                i++;
                continue;
            }
            String piece = script.substring(i, end);
            if (!started && !piece.isBlank() && !piece.startsWith("--") && !piece.startsWith("/*")) {
                startLine = line;
                started = true;
            }
            current.append(piece);
            line += (int) piece.chars().filter(ch -> ch == '\n').count();
            i = end;
        }
        add(statements, current, startLine);
        return statements;
    }

    private static int closing(String script, int from, String terminator) {
        int at = script.indexOf(terminator, from);
        return at < 0 ? script.length() : at + terminator.length();
    }

    private static void add(List<Statement> statements, StringBuilder current, int line) {
        String sql = current.toString().strip();
        if (!sql.isEmpty() && !onlyComments(sql)) {
            statements.add(new Statement(sql, line));
        }
    }

    private static boolean onlyComments(String sql) {
        return sql.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("--[^\\n]*", "").isBlank();
    }
}
