package io.fluxbase.mcp.kernel.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterParserTest {

    /** Renders a condition compactly so the tables below read like PostgREST's docs. */
    static String describe(Condition c) {
        String value = switch (c.value()) {
            case Scalar s -> "'" + s.text() + "'";
            case ListValue l -> l.items().stream().map(i -> "'" + i + "'").collect(Collectors.joining(",", "(", ")"));
            case IsValue v -> v.name();
            case ArrayLiteral a -> a.text();
        };
        return (c.negated() ? "not " : "") + c.op().wireName() + " " + value;
    }

    private static Condition parseOne(String column, Object value) {
        Map<String, Object> filter = new HashMap<>();
        filter.put(column, value);
        List<Condition> parsed = FilterParser.parse(filter);
        assertThat(parsed).hasSize(1);
        assertThat(parsed.get(0).column()).isEqualTo(column);
        return parsed.get(0);
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            age    | eq.5                      | eq '5'
            age    | EQ.5                      | eq '5'
            age    | not.eq.5                  | not eq '5'
            age    | neq.5                     | neq '5'
            age    | gt.5                      | gt '5'
            age    | gte.-5                    | gte '-5'
            age    | lt.5.5                    | lt '5.5'
            age    | lte.5                     | lte '5'
            title  | eq.                       | eq ''
            title  | `eq. spaced `             | eq ' spaced '
            title  | eq.a.b.c                  | eq 'a.b.c'
            title  | eq.in.(x)                 | eq 'in.(x)'
            title  | eq.1; DROP TABLE x        | eq '1; DROP TABLE x'
            title  | like.*son*                | like '%son%'
            title  | ilike.A*                  | ilike 'A%'
            title  | like.100%                 | like '100%'
            title  | not.ilike.*x              | not ilike '%x'
            status | in.(a,b,"c,d")            | in ('a','b','c,d')
            status | in.( a , b )              | in ('a','b')
            status | `in.( "a b" ,"(x)")`      | in ('a b','(x)')
            status | in.("say \\"hi\\"",x)     | in ('say "hi"','x')
            status | in.("back\\\\slash")      | in ('back\\slash')
            status | in.("")                   | in ('')
            status | not.in.(1)                | not in ('1')
            status | in.(it's)                 | in ('it's')
            done   | is.null                   | is NULL
            done   | is.NULL                   | is NULL
            done   | is.True                   | is TRUE
            done   | is.false                  | is FALSE
            done   | not.is.unknown            | not is UNKNOWN
            tags   | cs.{a,b}                  | cs {a,b}
            tags   | cd.{"x,y",z}              | cd {"x,y",z}
            tags   | not.ov.{a}                | not ov {a}
            data   | cs.{"k":1}                | cs {"k":1}
            data   | cd.[1,2]                  | cd [1,2]
            period | ov.[2024-01-01,2024-02-01) | ov [2024-01-01,2024-02-01)
            """)
    void parsesStringValues(String column, String input, String expected) {
        assertThat(describe(parseOne(column, input))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            age    | gtx.5          | filter.age: unknown operator 'gtx' in 'gtx.5'; use one of eq, neq, gt, gte, lt, lte, like, ilike, in, is, cs, cd, ov, optionally prefixed with 'not.'
            age    | 5              | filter.age: missing '.' in '5'; write 'op.value', e.g. 'eq.5' to match that value exactly; use one of
            status | done           | write 'op.value', e.g. 'eq.done' to match that value exactly
            age    | ``             | filter.age: missing '.' in ''
            age    | .5             | filter.age: unknown operator '' in '.5'
            age    | not.5          | filter.age: expected 'not.op.value' but got 'not.5', e.g. 'not.eq.5'
            age    | not.not.eq.5   | filter.age: 'not.' may appear only once in 'not.not.eq.5'
            age    | not.gtx.5      | filter.age: unknown operator 'gtx' in 'not.gtx.5'
            done   | is.maybe       | filter.done: 'is' accepts only null, true, false or unknown, got 'maybe' in 'is.maybe'; use 'eq.maybe' to compare with a value
            done   | is.            | filter.done: 'is' accepts only null, true, false or unknown, got '' in 'is.'
            status | in.()          | filter.status: empty list in 'in.()'; give at least one value
            status | in.( )         | filter.status: empty list in 'in.( )'
            status | in.a,b         | filter.status: 'in' needs a parenthesized list in 'in.a,b'
            status | in.            | filter.status: 'in' needs a parenthesized list in 'in.'
            status | in.(a,b        | filter.status: unbalanced parentheses in 'in.(a,b': missing ')'
            status | in.(           | filter.status: unbalanced parentheses in 'in.(': missing ')'
            status | in.(a,         | filter.status: unbalanced parentheses in 'in.(a,': missing ')'
            status | in.(a))        | filter.status: unexpected text ')' after ')' in 'in.(a))'
            status | in.(a),(b)     | filter.status: unexpected text ',(b)' after ')' in 'in.(a),(b)'
            status | in.(a(b),c)    | filter.status: unexpected '(' inside an unquoted item in 'in.(a(b),c)'
            status | in.(a"b",c)    | filter.status: unexpected '"' inside an unquoted item
            status | in.("a,b)      | filter.status: unbalanced double quote in 'in.("a,b)'
            status | in.("a"x)      | filter.status: unexpected 'x' after a quoted item in 'in.("a"x)'
            status | in.(a,,b)      | filter.status: empty item in 'in.(a,,b)'; remove the extra comma or write "" for an empty string
            tags   | cs.a,b         | filter.tags: 'cs' needs an array, JSON or range literal, got 'a,b' in 'cs.a,b'; e.g. 'cs.{a,b}' for arrays
            tags   | ov.            | filter.tags: 'ov' needs an array, JSON or range literal, got '' in 'ov.'
            tags   | cd.{"a}        | filter.tags: unbalanced double quote in 'cd.{"a}'
            """)
    void rejectsBadStrings(String column, String input, String expectedMessage) {
        FilterSyntaxError error = catchThrowableOfType(FilterSyntaxError.class, () -> parseOne(column, input));
        assertThat(error).as("expected an error for %s", input).isNotNull();
        assertThat(error.argument()).isEqualTo("filter." + column);
        assertThat(error.getMessage()).contains(expectedMessage);
    }

    @Test
    void unknownOperatorMessageIsExact() {
        assertThatThrownBy(() -> FilterParser.parse(Map.of("age", "gtx.5")))
                .isInstanceOf(FilterSyntaxError.class)
                .hasMessage("filter.age: unknown operator 'gtx' in 'gtx.5'; use one of eq, neq, gt, gte, lt, lte, "
                        + "like, ilike, in, is, cs, cd, ov, optionally prefixed with 'not.'");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            int        | eq '5'
            long       | eq '-9000000000'
            double     | eq '5'
            fraction   | eq '0.25'
            bigdecimal | eq '2.5'
            zero       | eq '0'
            true       | eq 'true'
            false      | eq 'false'
            null       | is NULL
            """)
    void nonStringValuesMeanEqOrIsNull(String kind, String expected) {
        Object value = switch (kind) {
            case "int" -> 5;
            case "long" -> -9_000_000_000L;
            case "double" -> 5.0d;
            case "fraction" -> 0.25d;
            case "bigdecimal" -> new BigDecimal("2.50");
            case "zero" -> new BigDecimal("0.000");
            case "true" -> true;
            case "false" -> false;
            default -> null;
        };
        assertThat(describe(parseOne("x", value))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            list   | filter.x: value must be a string like 'eq.5' or 'in.(a,b)', a number, a boolean or null, not a list; to match any of several values use 'in.(a,b,c)'
            object | filter.x: value must be a string like 'eq.5' or 'in.(a,b)', a number, a boolean or null, not an object
            nan    | filter.x: number NaN is not finite
            """)
    void rejectsOtherValueTypes(String kind, String expectedMessage) {
        Object value = switch (kind) {
            case "list" -> List.of(1, 2);
            case "object" -> Map.of("eq", 1);
            default -> Double.NaN;
        };
        assertThatThrownBy(() -> parseOne("x", value))
                .isInstanceOfSatisfying(FilterSyntaxError.class, e -> assertThat(e.argument()).isEqualTo("filter.x"))
                .hasMessageContaining(expectedMessage);
    }

    @Test
    void aPatternIsAtMost256CharactersLong() {
        String longest = "*" + "a".repeat(254) + "*";
        assertThat(parseOne("title", "ilike." + longest).value()).isEqualTo(new Scalar("%" + "a".repeat(254) + "%"));
        assertThatThrownBy(() -> parseOne("title", "not.like." + longest + "b"))
                .isInstanceOfSatisfying(FilterSyntaxError.class,
                        e -> assertThat(e.argument()).isEqualTo("filter.title"))
                .hasMessage("filter.title: a 'like' pattern may be at most 256 characters, got 257; match on a shorter"
                        + " part of the value, or use 'eq' to compare the whole of it");
    }

    @Test
    void aPatternEndingInALoneBackslashIsRefused() {
        // two backslashes match one; a backslash before '*' escapes the '%' it becomes
        assertThat(parseOne("title", "like.a\\\\").value()).isEqualTo(new Scalar("a\\\\"));
        assertThat(parseOne("title", "like.\\*").value()).isEqualTo(new Scalar("\\%"));
        for (String input : List.of("like.\\", "not.ilike.*a\\\\\\")) {
            assertThatThrownBy(() -> parseOne("title", input)).as(input)
                    .isInstanceOfSatisfying(FilterSyntaxError.class,
                            e -> assertThat(e.argument()).isEqualTo("filter.title"))
                    .hasMessageEndingWith(" pattern cannot end in a single backslash (a backslash makes the"
                            + " character after it match literally); end it with two backslashes to match one");
        }
    }

    @Test
    void keepsMapIterationOrder() {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("z", "eq.1");
        filter.put("a", "gt.2");
        filter.put("m", null);
        assertThat(FilterParser.parse(filter))
                .containsExactly(
                        new Condition("z", Operator.EQ, false, new Scalar("1")),
                        new Condition("a", Operator.GT, false, new Scalar("2")),
                        new Condition("m", Operator.IS, false, IsValue.NULL));
    }

    @Test
    void nullOrEmptyFilterMeansNoConditions() {
        assertThat(FilterParser.parse(null)).isEmpty();
        assertThat(FilterParser.parse(Map.of())).isEmpty();
    }

    @Test
    void rejectsEmptyColumnName() {
        assertThatThrownBy(() -> FilterParser.parse(Map.of(" ", "eq.1")))
                .isInstanceOfSatisfying(FilterSyntaxError.class, e -> assertThat(e.argument()).isEqualTo("filter"))
                .hasMessage("filter: empty column name; use the column name as the key, e.g. {\"status\": \"eq.done\"}");
    }

    @Test
    void keepsHostileColumnNamesVerbatimForTheBuilderToReject() {
        // The parser does not judge names; the SQL builder checks them against the live table.
        assertThat(parseOne("id; DROP TABLE tasks", "eq.1").column()).isEqualTo("id; DROP TABLE tasks");
    }

    @Test
    void conditionRejectsMismatchedValueKind() {
        assertThatThrownBy(() -> new Condition("a", Operator.IN, false, new Scalar("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("operator in cannot take a Scalar value");
        assertThatThrownBy(() -> new Condition("a", Operator.EQ, false, IsValue.NULL))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
