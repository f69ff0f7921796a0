package io.fluxbase.mcp.kernel.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ColumnValuesTest {

    private static @Nullable String param(String dataType, @Nullable Object value) {
        return ColumnValues.parameter("data.c", "c", dataType, value);
    }

    @Test
    void scalarsBecomeTheirText() {
        assertThat(param("date", "2024-01-01")).isEqualTo("2024-01-01");
        assertThat(param("text", "")).isEqualTo("");
        assertThat(param("text", "{not an array}")).isEqualTo("{not an array}");
        assertThat(param("boolean", true)).isEqualTo("true");
        assertThat(param("boolean", false)).isEqualTo("false");
        assertThat(param("text", null)).isNull();
        assertThat(param("public.mood", "happy")).isEqualTo("happy");
    }

    @Test
    void numbersBecomeExactDecimalText() {
        assertThat(param("integer", 5)).isEqualTo("5");
        assertThat(param("bigint", Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
        assertThat(param("numeric", new BigInteger("123456789012345678901234567890")))
                .isEqualTo("123456789012345678901234567890");
        assertThat(param("numeric", new BigDecimal("1.50"))).isEqualTo("1.5");
        assertThat(param("numeric", new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(param("numeric", new BigDecimal("1E-7"))).isEqualTo("0.0000001");
        // Past 1000 digits of scale the plain form would only cost memory; PostgreSQL reads both.
        assertThat(param("numeric", new BigDecimal("1E+999999999"))).isEqualTo("1E+999999999");
        assertThat(param("double precision", 0.1)).isEqualTo("0.1");
        assertThat(param("double precision", 1.5e-7)).isEqualTo("0.00000015");
        assertThat(param("double precision", 1e20)).isEqualTo("100000000000000000000");
        assertThat(param("real", 0.1f)).isEqualTo("0.1");
        assertThat(param("double precision", -0.0)).isEqualTo("0");
    }

    @Test
    void wholeDoublesLoseTheirZerosSoIntegerColumnsAcceptThem() {
        // PostgreSQL refuses CAST('5.0' AS integer); a JSON parser hands us 5.0 as a Double.
        assertThat(param("integer", 5.0)).isEqualTo("5");
        assertThat(param("integer", 100.0)).isEqualTo("100");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void refusesNonFiniteNumbers(double value) {
        assertThatThrownBy(() -> param("double precision", value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data.c: number " + value + " is not finite; give 'NaN', 'Infinity' or '-Infinity' "
                        + "as a string for floating point columns");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            json
            jsonb
            """)
    void jsonColumnsTakeAnyJsonValue(String type) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("b", List.of(1, "two", Map.of()));
        object.put("a", null);
        assertThat(param(type, object)).isEqualTo("{\"b\":[1,\"two\",{}],\"a\":null}");
        assertThat(param(type, List.of(1, 2))).isEqualTo("[1,2]");
        assertThat(param(type, "text \"quoted\"")).isEqualTo("\"text \\\"quoted\\\"\"");
        assertThat(param(type, 5)).isEqualTo("5");
        assertThat(param(type, false)).isEqualTo("false");
        assertThat(param(type, null)).as("JSON null is SQL NULL").isNull();
    }

    @Test
    void jsonColumnsRefuseNonFiniteNumbersNamingTheArgument() {
        assertThatThrownBy(() -> param("jsonb", List.of(Double.NaN))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data.c: number NaN is not finite");
    }

    @Test
    void arraysBecomeQuotedArrayLiterals() {
        assertThat(param("text[]", Arrays.asList("a", "b c", "with \"quote\"", "back\\slash", null)))
                .isEqualTo("{\"a\",\"b c\",\"with \\\"quote\\\"\",\"back\\\\slash\",NULL}");
        assertThat(param("text[]", List.of("NULL", "", "{x,y}", "a,b")))
                .as("words and punctuation inside elements stay data").isEqualTo("{\"NULL\",\"\",\"{x,y}\",\"a,b\"}");
        assertThat(param("text[]", List.of())).isEqualTo("{}");
        assertThat(param("integer[]", List.of(1, 2.0, new BigDecimal("3")))).isEqualTo("{\"1\",\"2\",\"3\"}");
        assertThat(param("boolean[]", List.of(true, false))).isEqualTo("{\"true\",\"false\"}");
        assertThat(param("numeric(4,1)[]", List.of(List.of(1.25, 2), Arrays.asList(3, null))))
                .isEqualTo("{{\"1.25\",\"2\"},{\"3\",NULL}}");
        assertThat(param("text[]", null)).isNull();
    }

    @Test
    void arrayColumnsTakeAWrittenLiteralAsIs() {
        assertThat(param("text[]", "{a,b}")).isEqualTo("{a,b}");
        assertThat(param("integer[]", "{{1,2},{3,4}}")).isEqualTo("{{1,2},{3,4}}");
    }

    @Test
    void jsonArrayElementsAreJsonValues() {
        List<Object> elements = Arrays.asList(Map.of("a", 1), List.of(1, 2), "str", null, 5);
        assertThat(param("jsonb[]", elements)).isEqualTo("{\"{\\\"a\\\":1}\",\"[1,2]\",\"\\\"str\\\"\",NULL,\"5\"}");
        assertThat(param("json[]", List.of("say \\ \"hi\"")))
                .isEqualTo("{\"\\\"say \\\\\\\\ \\\\\\\"hi\\\\\\\"\\\"\"}");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            timestamp(3) with time zone | object | data.c: column 'c' is timestamp(3) with time zone; give a single value (string, number or boolean), got an object
            integer                     | array  | data.c: column 'c' is integer; give a single value (string, number or boolean), got an array
            text[]                      | object | data.c: column 'c' is text[]; give a JSON array such as ["a", "b"], got an object
            text[]                      | number | data.c: column 'c' is text[]; give a JSON array such as ["a", "b"], got a number
            integer[]                   | bool   | data.c: column 'c' is integer[]; give a JSON array such as ["a", "b"], got a boolean
            """)
    void refusesStructureThatDoesNotFit(String type, String kind, String message) {
        Object value = switch (kind) {
            case "object" -> Map.of("k", 1);
            case "array" -> List.of(1);
            case "number" -> 5;
            default -> true;
        };
        assertThatThrownBy(() -> param(type, value)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void refusesObjectsAsElementsOfNonJsonArrays() {
        assertThatThrownBy(() -> ColumnValues.parameter("data[2].tags", "tags", "text[]",
                List.of("a", List.of("b", Map.of("k", "v")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data[2].tags[1][1]: column 'tags' is text[]; its elements must be strings, numbers, "
                        + "booleans, null or nested arrays, got an object");
    }

    @Test
    void refusesOtherJavaTypes() {
        assertThatThrownBy(() -> param("text", 'x')).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data.c: column 'c' is text; give a single value (string, number or boolean), "
                        + "got a value of type Character");
    }

    @Test
    void refusesNulAnywhere() {
        String nul = "a\u0000b";
        Map<String, Object> nulKey = new LinkedHashMap<>();
        nulKey.put(nul, 1);
        for (Object[] typeAndValue : new Object[][] {
            {"text", nul}, {"text[]", List.of("ok", nul)}, {"text[]", nul}, {"jsonb", Map.of("k", List.of(nul))},
            {"jsonb", nulKey}, {"jsonb[]", List.of(Map.of("k", nul))}, {"integer[]", List.of(List.of(nul))},
        }) {
            assertThatThrownBy(() -> param((String) typeAndValue[0], typeAndValue[1]))
                    .as("%s", typeAndValue[0]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("data.c: PostgreSQL text cannot hold NUL characters; remove them");
        }
    }

    @Test
    void functionArgumentsAreNamedAsArguments() {
        assertThat(ColumnValues.argumentParameter("params.amount", "amount", "numeric", 12.5)).isEqualTo("12.5");
        assertThatThrownBy(() -> ColumnValues.argumentParameter("params.amount", "amount", "numeric", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("params.amount: argument 'amount' is numeric; give a single value (string, number or "
                        + "boolean), got an array");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            integer                     | CAST($3 AS integer)                     | CAST(NULL AS integer)
            character varying(5)        | CAST($3 AS character varying)           | CAST(NULL AS character varying)
            numeric(10,2)[]             | CAST($3 AS numeric[])                   | CAST(NULL AS numeric[])
            timestamp(3) with time zone | CAST($3 AS timestamp with time zone)    | CAST(NULL AS timestamp with time zone)
            public.mood                 | CAST($3 AS public.mood)                 | CAST(NULL AS public.mood)
            """)
    void placeholdersCastToTheTypeWithoutModifiers(String type, String placeholder, String typedNull) {
        assertThat(ColumnValues.placeholder(3, type)).isEqualTo(placeholder);
        assertThat(ColumnValues.typedNull(type)).isEqualTo(typedNull);
    }

    @Test
    void placeholdersRefuseBrokenInput() {
        assertThatThrownBy(() -> ColumnValues.placeholder(0, "integer")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameterNumber must be 1 or more, got 0");
        assertThatThrownBy(() -> ColumnValues.placeholder(1, "integer); DROP TABLE t; --"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data type 'integer); DROP TABLE t; --', which does not look like format_type() output; "
                        + "refusing to put it in SQL");
        assertThatThrownBy(() -> ColumnValues.typedNull("int /* x */")).isInstanceOf(IllegalArgumentException.class);
    }
}
