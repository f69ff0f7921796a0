package io.fluxbase.mcp.kernel.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTextTest {

    @Test
    void writesScalars() {
        assertThat(JsonText.write(null)).isEqualTo("null");
        assertThat(JsonText.write(true)).isEqualTo("true");
        assertThat(JsonText.write(false)).isEqualTo("false");
        assertThat(JsonText.write("")).isEqualTo("\"\"");
        assertThat(JsonText.write("héllo ✓")).isEqualTo("\"héllo ✓\"");
    }

    @Test
    void writesNumbersExactly() {
        assertThat(JsonText.write(42)).isEqualTo("42");
        assertThat(JsonText.write(-9_007_199_254_740_993L)).isEqualTo("-9007199254740993");
        assertThat(JsonText.write(new BigInteger("123456789012345678901234567890")))
                .isEqualTo("123456789012345678901234567890");
        assertThat(JsonText.write(new BigDecimal("1.50"))).isEqualTo("1.5");
        assertThat(JsonText.write(new BigDecimal("1E+999999999"))).isEqualTo("1E+999999999");
        assertThat(JsonText.write(0.1)).isEqualTo("0.1");
        assertThat(JsonText.write(5.0)).isEqualTo("5");
        assertThat(JsonText.write(1e20)).isEqualTo("100000000000000000000");
        assertThat(JsonText.write(0.1f)).isEqualTo("0.1");
        assertThat(JsonText.write((short) 7)).isEqualTo("7");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            NaN       | number NaN is not finite
            Infinity  | number Infinity is not finite
            -Infinity | number -Infinity is not finite
            """)
    void refusesNonFiniteNumbers(double value, String message) {
        assertThatThrownBy(() -> JsonText.write(value)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        assertThatThrownBy(() -> JsonText.write((float) value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void escapesStrings() {
        assertThat(JsonText.write("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(JsonText.write("C:\\temp")).isEqualTo("\"C:\\\\temp\"");
        assertThat(JsonText.write("a\nb\rc\td\be\ff")).isEqualTo("\"a\\nb\\rc\\td\\be\\ff\"");
        assertThat(JsonText.write("\u0000\u0001\u001f\u007f")).isEqualTo("\"\\u0000\\u0001\\u001f\u007f\"");
        assertThat(JsonText.write("</script>/")).isEqualTo("\"</script>/\"");
    }

    @Test
    void keepsMapOrderAndNests() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1);
        inner.put("a", Arrays.asList(null, "x", List.of()));
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("name", "n");
        outer.put("inner", inner);
        outer.put("empty", Map.of());
        outer.put("nothing", null);
        assertThat(JsonText.write(outer))
                .isEqualTo("{\"name\":\"n\",\"inner\":{\"z\":1,\"a\":[null,\"x\",[]]},\"empty\":{},\"nothing\":null}");
        assertThat(JsonText.write(Map.of("k\"ey", "v"))).isEqualTo("{\"k\\\"ey\":\"v\"}");
    }

    @Test
    void refusesWhatJsonCannotHold() {
        Map<Object, Object> intKeys = new HashMap<>();
        intKeys.put(1, "one");
        assertThatThrownBy(() -> JsonText.write(intKeys)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JSON object keys must be strings, got Integer");
        Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, "x");
        assertThatThrownBy(() -> JsonText.write(nullKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JSON object keys must be strings, got null");
        assertThatThrownBy(() -> JsonText.write(List.of(new Object()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot write Object values as JSON; give an object, array, string, number, boolean or null");
        assertThatThrownBy(() -> JsonText.write(new java.util.concurrent.atomic.AtomicInteger(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot use AtomicInteger values as numbers; give an integer or a decimal number");
    }
}
