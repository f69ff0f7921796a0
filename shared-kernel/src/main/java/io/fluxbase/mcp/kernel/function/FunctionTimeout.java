package io.fluxbase.mcp.kernel.function;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A function's time limit as people write it: 500ms, 10s, 2m (at most nine digits, so nothing overflows). */
public final class FunctionTimeout {

    private static final Pattern TIMEOUT = Pattern.compile("(\\d{1,9})(ms|s|m)");

    private FunctionTimeout() {
    }

    public static Duration parse(String text, String argument) {
        Matcher matcher = TIMEOUT.matcher(text.strip());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new IllegalArgumentException(argument + ": cannot read '" + text + "'; use a positive duration"
                    + " such as 500ms, 10s or 2m");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }
}
