package io.fluxbase.mcp.kernel.value;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The one way a JSON number from a caller becomes text, for filters, written values and JSON alike: exact, in plain
 * notation, without trailing zeros, so {@code 5.0} still fits an integer column (and {@code 1.50} is written 1.5).
 */
public final class NumberText {

    // Past this scale the plain form would be enormous (1E+999999999 is valid JSON); keep the exponent then.
    private static final int MAX_PLAIN_SCALE = 1000;

    private NumberText() {
    }

    /** @throws IllegalArgumentException for NaN, infinities and number types that are not JSON numbers */
    public static String of(Number number) {
        return switch (number) {
            case Integer i -> i.toString();
            case Long l -> l.toString();
            case Short s -> s.toString();
            case Byte b -> b.toString();
            case BigInteger bi -> bi.toString();
            case BigDecimal bd -> stripped(bd);
            // Double.toString is the shortest text that reads back as the same double: no binary noise digits.
            case Double d -> stripped(finite(d, d.toString()));
            case Float f -> stripped(finite(f.doubleValue(), f.toString()));
            default -> throw new IllegalArgumentException("cannot use " + number.getClass().getSimpleName()
                    + " values as numbers; give an integer or a decimal number");
        };
    }

    private static BigDecimal finite(double value, String text) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("number " + text + " is not finite");
        }
        return new BigDecimal(text);
    }

    private static String stripped(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return Math.abs(stripped.scale()) > MAX_PLAIN_SCALE ? stripped.toString() : stripped.toPlainString();
    }
}
