package io.fluxbase.mcp.kernel.rpc;

import static io.fluxbase.mcp.kernel.rpc.Functions.arg;
import static io.fluxbase.mcp.kernel.rpc.Functions.optional;
import static io.fluxbase.mcp.kernel.rpc.Functions.scalar;
import static io.fluxbase.mcp.kernel.rpc.Functions.setOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.kernel.sql.BoundSql;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FunctionCallTest {

    private static final FunctionSignature ADD = scalar("add", "integer", arg("a", "integer"), optional("b", "integer"));

    private static Map<String, @Nullable Object> params(@Nullable Object... namesAndValues) {
        Map<String, @Nullable Object> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return params;
    }

    @Test
    void scalarResult() {
        BoundSql sql = FunctionCalls.call(ADD, params("a", 5));
        assertThat(sql.text()).isEqualTo("SELECT to_jsonb(\"public\".\"add\"(\"a\" => CAST($1 AS integer)))::text");
        assertThat(sql.parameters()).containsExactly("5");
    }

    @Test
    void argumentsFollowTheSignatureAndNullsAreTyped() {
        // A typed NULL keeps PostgreSQL on this overload; a bare NULL could pick another f(a text, ...).
        BoundSql sql = FunctionCalls.call(ADD, params("b", 2, "a", null));
        assertThat(sql.text()).isEqualTo("SELECT to_jsonb(\"public\".\"add\"(\"a\" => CAST(NULL AS integer), "
                + "\"b\" => CAST($1 AS integer)))::text");
        assertThat(sql.parameters()).containsExactly("2");
    }

    @Test
    void resultShapes() {
        assertThat(FunctionCalls.call(setOf("nums", "SETOF integer", false, arg("n", "integer")), params("n", 3))
                .text()).isEqualTo("SELECT to_jsonb(_v)::text FROM \"public\".\"nums\"(\"n\" => CAST($1 AS integer)) AS _v");
        assertThat(FunctionCalls.call(setOf("open_tasks", "SETOF public.tasks", true), params()).text())
                .isEqualTo("SELECT row_to_json(_r)::text FROM \"public\".\"open_tasks\"() AS _r");
        assertThat(FunctionCalls.call(setOf("pairs", "TABLE(id integer, title text)", true), params()).text())
                .isEqualTo("SELECT row_to_json(_r)::text FROM \"public\".\"pairs\"() AS _r");
        FunctionSignature oneRow = new FunctionSignature("public", "first_task", List.of(), "public.tasks", false, true);
        assertThat(FunctionCalls.call(oneRow, params()).text())
                .isEqualTo("SELECT row_to_json(_r)::text FROM \"public\".\"first_task\"() AS _r");
        assertThat(FunctionCalls.call(scalar("touch", "void", arg("id", "uuid")), params("id", "x")).text())
                .isEqualTo("SELECT NULL::text FROM \"public\".\"touch\"(\"id\" => CAST($1 AS uuid)) AS _v");
        assertThat(FunctionCalls.call(scalar("now_ish", "timestamp with time zone"), params()).text())
                .isEqualTo("SELECT to_jsonb(\"public\".\"now_ish\"())::text");
    }

    @Test
    void structuredValues() {
        FunctionSignature tag = scalar("tag", "jsonb", arg("ids", "integer[]"), arg("meta", "jsonb"),
                optional("note", "character varying"));
        BoundSql sql = FunctionCalls.call(tag, params("meta", Map.of("k", "v"), "ids", Arrays.asList(1, null),
                "note", "x"));
        assertThat(sql.text()).isEqualTo("SELECT to_jsonb(\"public\".\"tag\"(\"ids\" => CAST($1 AS integer[]), "
                + "\"meta\" => CAST($2 AS jsonb), \"note\" => CAST($3 AS character varying)))::text");
        assertThat(sql.parameters()).containsExactly("{\"1\",NULL}", "{\"k\":\"v\"}", "x");
    }

    @Test
    void valueErrorsNameTheParam() {
        FunctionSignature due = scalar("set_due", "void", arg("due", "date"));
        assertThatThrownBy(() -> FunctionCalls.call(due, params("due", Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("params.due: argument 'due' is date; give a single value (string, number or boolean), "
                        + "got an object");
        assertThatThrownBy(() -> FunctionCalls.call(due, params("due", "2024\u0000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("params.due: PostgreSQL text cannot hold NUL characters; remove them");
    }

    @Test
    void refusesNamesTheSignatureLacksEvenWithoutResolve() {
        assertThatThrownBy(() -> FunctionCalls.call(ADD, params("a", 1, "c", 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("params: 'c' is not an argument of public.add(a integer, b integer DEFAULT); remove it or "
                        + "use the names shown");
        assertThatThrownBy(() -> FunctionCalls.call(ADD, params("b", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("params: public.add needs 'a' (integer); add it to params");
    }

    @Test
    void quotesRealNamesThatNeedIt() {
        FunctionSignature odd = new FunctionSignature("My Schema", "Add\"It", List.of(arg("Some Arg", "integer")),
                "integer", false, false);
        assertThat(FunctionCalls.call(odd, params("Some Arg", 1)).text()).isEqualTo("SELECT to_jsonb(\"My Schema\"."
                + "\"Add\"\"It\"(\"Some Arg\" => CAST($1 AS integer)))::text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a => 1); DROP TABLE x; --", "\"a\"", "a\" => 1, \"b", "A", " a"})
    void hostileArgumentNamesAreRefused(String name) {
        assertThatThrownBy(() -> FunctionCalls.resolve(List.of(ADD), "add", Set.of("a", name)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("params: '" + name + "' is not an argument of public.add(");
        assertThatThrownBy(() -> FunctionCalls.call(ADD, params("a", 1, name, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("params: '" + name + "' is not an argument of public.add(");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1); DROP TABLE x; --", "' OR '1'='1", "$$ x $$", "NULL", "$1", "1 /* c */"})
    void hostileValuesOnlyReachTheParameterList(String value) {
        FunctionSignature echo = scalar("echo", "text", arg("t", "text"), arg("l", "text[]"));
        BoundSql sql = FunctionCalls.call(echo, params("t", value, "l", List.of(value)));
        assertThat(sql.text()).isEqualTo(FunctionCalls.call(echo, params("t", "benign", "l", List.of("b"))).text())
                .isEqualTo("SELECT to_jsonb(\"public\".\"echo\"(\"t\" => CAST($1 AS text), "
                        + "\"l\" => CAST($2 AS text[])))::text");
        assertThat(sql.parameters()).first().isEqualTo(value);
    }

    @Test
    void signaturesRejectNamesPostgresCannotHave() {
        assertThatThrownBy(() -> new FunctionSignature("", "f", List.of(), "void", false, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FunctionArgument("a", " ", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("argument 'a' has a blank type");
    }
}
