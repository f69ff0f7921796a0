package io.fluxbase.mcp.kernel.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The early refusal of {@code db apply}: SQL that names the server's own schemas or logins, or that changes roles or
 * who the session is, is refused before any of it runs. This is the clear message; the guarantee is that applied SQL
 * runs as a login without any privilege on those schemas (V35__schema_owner_login.sql), so a name built at run time
 * ({@code EXECUTE 'DELETE FROM flux' || 'base.x'}) fails in the database all the same.
 * <p>
 * Names are compared without regard to case or quoting ({@code "FLUXBASE"}, {@code "fluxbase".x}); the bodies of
 * {@code DO} blocks and functions are read as SQL, and string literals are searched too, since {@code EXECUTE} runs
 * them.
 */
public final class AppliedSqlGuard {

    public static final String REFUSED_NAME = "db apply refused statement %d (line %d): it names %s, which belongs to"
            + " the server (the command log, read models, keys and logins live there); applied SQL may change only your"
            + " own schemas, nothing was applied";
    public static final String REFUSED_ROLE_CHANGE = "db apply refused statement %d (line %d): %s changes database"
            + " roles or the session's identity, which the server manages; nothing was applied";

    /** The server's schemas and logins, whatever the case or quoting. */
    private static final Pattern SERVER_NAME = Pattern.compile(
            "fluxbase(_gate|_storage|_schema_owner|_caller_[a-z0-9_]*|_capture_[a-z0-9_]*)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SERVER_NAME_IN_TEXT = Pattern.compile(
            "(?<![A-Za-z0-9_$])" + SERVER_NAME.pattern() + "(?![A-Za-z0-9_$])", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROLE_CHANGE_IN_TEXT = Pattern.compile(
            "\\b((ALTER|CREATE|DROP)\\s+(ROLE|USER|GROUP)|(SET|RESET)\\s+((LOCAL|SESSION)\\s+)?ROLE"
                    + "|((SET|RESET)\\s+)?SESSION\\s+AUTHORIZATION|(REASSIGN|DROP)\\s+OWNED)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> STATEMENT_STARTERS = Set.of(";", "BEGIN", "THEN", "ELSE", "LOOP");
    private static final Set<String> ROUTINES = Set.of("CREATE FUNCTION", "CREATE PROCEDURE");
    private static final Set<String> IDENTITY_SETTINGS = Set.of("role", "session_authorization");

    private AppliedSqlGuard() {
    }

    /** @param serverLogin the server's own database login, which applied SQL must not name either */
    public static Optional<String> refusal(List<SqlScript.Statement> statements, String serverLogin) {
        for (int i = 0; i < statements.size(); i++) {
            SqlScript.Statement statement = statements.get(i);
            Optional<String> reason = refusal(statement.sql(), serverLogin, i + 1, statement.line(),
                    ROUTINES.contains(statement.kind()));
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }

    /**
     * @param routine the statement defines a function or procedure: its body runs later, as whoever calls it (a
     *                caller login, or the schema owner for SECURITY DEFINER), so a role change in it gains nothing and
     *                is left to the database; names of the server's schemas are refused there all the same
     */
    private static Optional<String> refusal(String sql, String serverLogin, int number, int line, boolean routine) {
        List<Token> tokens = tokens(sql);
        for (int t = 0; t < tokens.size(); t++) {
            Token token = tokens.get(t);
            if (token.kind == Kind.LITERAL) {
                Matcher name = SERVER_NAME_IN_TEXT.matcher(token.text);
                if (name.find()) {
                    return refusedName(number, line, name.group());
                }
                Matcher role = ROLE_CHANGE_IN_TEXT.matcher(token.text);
                if (!routine && role.find()) {
                    return refusedRole(number, line, role.group());
                }
                if (!routine && IDENTITY_SETTINGS.contains(token.text.strip().toLowerCase(Locale.ROOT))
                        && t >= 2 && tokens.get(t - 2).is("SET_CONFIG")) {
                    return refusedRole(number, line, "set_config('" + token.text + "', ...)");
                }
                continue;
            }
            if (token.kind == Kind.SYMBOL) {
                continue;
            }
            if (SERVER_NAME.matcher(token.text).matches() || token.text.equalsIgnoreCase(serverLogin)) {
                return refusedName(number, line, token.kind == Kind.QUOTED ? '"' + token.text + '"' : token.text);
            }
            if (!routine && token.kind == Kind.WORD && startsStatement(tokens, t)) {
                String phrase = phrase(tokens, t);
                Matcher role = ROLE_CHANGE_IN_TEXT.matcher(phrase);
                if (role.lookingAt()) {
                    return refusedRole(number, line, role.group());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> refusedName(int number, int line, String name) {
        return Optional.of(REFUSED_NAME.formatted(number, line, "'" + name + "'"));
    }

    private static Optional<String> refusedRole(int number, int line, String what) {
        return Optional.of(REFUSED_ROLE_CHANGE.formatted(number, line, "'" + what.replaceAll("\\s+", " ") + "'"));
    }

    /** {@code UPDATE t SET role = 'x'} names a column; {@code SET ROLE x} at the start of a statement is the command. */
    private static boolean startsStatement(List<Token> tokens, int t) {
        if (t == 0) {
            return true;
        }
        Token previous = tokens.get(t - 1);
        return previous.kind == Kind.BODY_START || STATEMENT_STARTERS.contains(previous.text.toUpperCase(Locale.ROOT));
    }

    private static String phrase(List<Token> tokens, int from) {
        StringBuilder phrase = new StringBuilder();
        for (int t = from; t < Math.min(tokens.size(), from + 3); t++) {
            phrase.append(tokens.get(t).text).append(' ');
        }
        return phrase.toString();
    }

    private enum Kind { WORD, QUOTED, LITERAL, SYMBOL, BODY_START }

    private record Token(Kind kind, String text) {
        boolean is(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }
    }

    /** Words, quoted names and literals; comments dropped; dollar-quoted bodies read as SQL in place. */
    private static List<Token> tokens(String sql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                i = end(sql, sql.indexOf('\n', i));
            } else if (sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? sql.length() : close + 2;
            } else if (c == '\'' || c == '"') {
                int close = i + 1;
                StringBuilder text = new StringBuilder();
                while (close < sql.length()) {
                    if (sql.charAt(close) == c) {
                        if (close + 1 < sql.length() && sql.charAt(close + 1) == c) {
                            text.append(c);
                            close += 2;
                            continue;
                        }
                        break;
                    }
                    text.append(sql.charAt(close++));
                }
                tokens.add(new Token(c == '\'' ? Kind.LITERAL : Kind.QUOTED, text.toString()));
                i = close + 1;
            } else if (c == '$' && dollarTag(sql, i) instanceof String tag) {
                int close = sql.indexOf(tag, i + tag.length());
                String body = sql.substring(i + tag.length(), close < 0 ? sql.length() : close);
                tokens.add(new Token(Kind.BODY_START, tag));
                tokens.addAll(tokens(body));
                tokens.add(new Token(Kind.SYMBOL, ";"));
                i = close < 0 ? sql.length() : close + tag.length();
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
                        || sql.charAt(end) == '$')) {
                    end++;
                }
                // E'..' and U&'..' literals: the prefix is not a word of its own
                if (end < sql.length() && sql.charAt(end) == '\'' && end - i == 1) {
                    i = end;
                    continue;
                }
                tokens.add(new Token(Kind.WORD, sql.substring(i, end)));
                i = end;
            } else {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                i++;
            }
        }
        return tokens;
    }

    private static int end(String sql, int at) {
        return at < 0 ? sql.length() : at + 1;
    }

    private static @Nullable String dollarTag(String sql, int i) {
        int close = sql.indexOf('$', i + 1);
        if (close < 0) {
            return null;
        }
        String tag = sql.substring(i, close + 1);
        return tag.matches("\\$[A-Za-z_][A-Za-z_0-9]*\\$|\\$\\$") ? tag : null;
    }
}
