package io.fluxbase.mcp.edge.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolArgumentsTest {

    private static int offset(Object value) {
        return new ToolArguments(Map.of("offset", value)).integer("offset", 0, 0, Integer.MAX_VALUE);
    }

    @Test
    void aWholeNumberIsReadWhateverTypeTheJsonReaderGaveIt() {
        for (Object five : List.of(5, 5L, BigInteger.valueOf(5), 5.0, new BigDecimal("5.00"))) {
            assertThat(offset(five)).as("%s (%s)", five, five.getClass().getSimpleName()).isEqualTo(5);
        }
        assertThat(new ToolArguments(Map.of()).integer("offset", 7, 0, 10)).isEqualTo(7);
    }

    @Test
    void aNumberBeyondTheRangeIsRefusedNamingTheRangeNotWrappedIntoIt() {
        // 2^64 + 5 and 2^32 + 5: a conversion to long or int keeps the low bits, 5
        assertThatThrownBy(() -> offset(BigInteger.TWO.pow(64).add(BigInteger.valueOf(5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offset: must be between 0 and 2147483647, got 18446744073709551621");
        assertThatThrownBy(() -> offset(4_294_967_301L))
                .hasMessage("offset: must be between 0 and 2147483647, got 4294967301");
        assertThatThrownBy(() -> offset(1e20)).hasMessage("offset: must be between 0 and 2147483647, got"
                + " 100000000000000000000");
        assertThatThrownBy(() -> new ToolArguments(Map.of("priority", BigInteger.TWO.pow(64).negate()))
                .integer("priority", 0, -1000, 1000))
                .hasMessage("priority: must be between -1000 and 1000, got -18446744073709551616");
        assertThatThrownBy(() -> offset(new BigInteger("9".repeat(500))))
                .hasMessage("offset: must be between 0 and 2147483647, got " + "9".repeat(40) + "…");
    }

    @Test
    void aFractionOrANumberThatIsNotFiniteIsNotAWholeNumber() {
        for (Object value : List.of(5.5, new BigDecimal("5.000001"), Double.POSITIVE_INFINITY, Double.NaN, "5")) {
            assertThatThrownBy(() -> offset(value)).as("%s", value).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("offset: expected a whole number, got ");
        }
    }
}
