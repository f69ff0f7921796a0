package io.fluxbase.mcp.kernel.rpc;

import static io.fluxbase.mcp.kernel.rpc.Functions.arg;
import static io.fluxbase.mcp.kernel.rpc.Functions.optional;
import static io.fluxbase.mcp.kernel.rpc.Functions.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FunctionResolveTest {

    private static final FunctionSignature ADD_TASK = scalar("add_task", "integer",
            arg("title", "text"), optional("due", "date"));
    private static final FunctionSignature F_AB = scalar("f", "text", arg("a", "integer"), arg("b", "text"));

    private static Set<String> given(String names) {
        return names.isBlank() ? Set.of() : Set.of(names.split(","));
    }

    @Test
    void displaysSignaturesForMessages() {
        assertThat(ADD_TASK.display()).isEqualTo("public.add_task(title text, due date DEFAULT)");
        assertThat(scalar("now_ish", "timestamp with time zone").display()).isEqualTo("public.now_ish()");
        FunctionSignature odd = new FunctionSignature("My Schema", "Add\"It",
                List.of(arg("Some Arg", "integer"), arg("", "text[]")), "void", false, false);
        assertThat(odd.display()).isEqualTo("\"My Schema\".\"Add\"\"It\"(\"Some Arg\" integer, text[])");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"title", "title,due"})
    void picksTheOnlyOverloadThatFits(String names) {
        assertThat(FunctionCalls.resolve(List.of(ADD_TASK), "add_task", given(names))).isSameAs(ADD_TASK);
    }

    @Test
    void picksByArgumentNamesAmongOverloads() {
        FunctionSignature one = scalar("f", "text", arg("a", "integer"));
        FunctionSignature two = scalar("f", "text", arg("a", "integer"), arg("b", "text"));
        FunctionSignature other = scalar("f", "text", arg("x", "uuid"), optional("a", "integer"));
        List<FunctionSignature> overloads = List.of(one, two, other);
        assertThat(FunctionCalls.resolve(overloads, "f", Set.of("a"))).isSameAs(one);
        assertThat(FunctionCalls.resolve(overloads, "f", Set.of("a", "b"))).isSameAs(two);
        assertThat(FunctionCalls.resolve(overloads, "f", Set.of("x"))).isSameAs(other);
        assertThat(FunctionCalls.resolve(overloads, "f", Set.of("x", "a"))).isSameAs(other);
    }

    @Test
    void refusesFunctionsThatAreNotExposed() {
        assertThatThrownBy(() -> FunctionCalls.resolve(List.of(), "drop_all", Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name: no function 'drop_all' is exposed; read rpc://list for the functions you can call");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a,b,foo     | params: 'foo' is not an argument of public.f(a integer, b text); remove it or use the names shown
            a,b,foo,bar | params: 'bar', 'foo' are not arguments of public.f(a integer, b text); remove them or use the names shown
            a           | params: public.f needs 'b' (text); add it to params
            ``          | params: public.f needs 'a' (integer) and 'b' (text); add them to params
            a,c         | params: 'c' is not an argument of public.f(a integer, b text); remove it or use the names shown; public.f needs 'b' (text); add it to params
            """)
    void explainsWhyTheOnlyOverloadDoesNotFit(String names, String message) {
        assertThatThrownBy(() -> FunctionCalls.resolve(List.of(F_AB), "f", given(names)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void listsEveryOverloadWhenNoneFits() {
        List<FunctionSignature> overloads = List.of(scalar("f", "text", arg("a", "integer")), F_AB);
        assertThatThrownBy(() -> FunctionCalls.resolve(overloads, "f", Set.of("c", "a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("params: no version of public.f accepts {a, c} (none has 'c'); its versions are public.f(a integer) or "
                        + "public.f(a integer, b text); give the arguments of one of them, leaving out only those "
                        + "marked DEFAULT");
    }

    @Test
    void refusesAmbiguousCallsNamingWhatTellsThemApart() {
        FunctionSignature withB = scalar("f", "text", arg("a", "integer"), optional("b", "text"));
        FunctionSignature withC = scalar("f", "text", arg("a", "integer"), optional("c", "date"));
        assertThatThrownBy(() -> FunctionCalls.resolve(List.of(withB, withC), "f", Set.of("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("params: ambiguous call: public.f(a integer, b text DEFAULT) and "
                        + "public.f(a integer, c date DEFAULT) both accept {a}; also name an argument that tells them "
                        + "apart: 'b' or 'c'");
        FunctionSignature plain = scalar("f", "text", arg("a", "integer"));
        assertThatThrownBy(() -> FunctionCalls.resolve(List.of(withB, withC, plain), "f", Set.of("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("params: ambiguous call: public.f(a integer, b text DEFAULT) and "
                        + "public.f(a integer, c date DEFAULT) and public.f(a integer) all accept {a}; also name an "
                        + "argument that tells them apart: 'b' or 'c'");
        assertThat(FunctionCalls.resolve(List.of(withB, withC, plain), "f", Set.of("a", "c"))).isSameAs(withC);
    }

    @Test
    void saysWhenOverloadsDifferOnlyInTypes() {
        List<FunctionSignature> overloads = List.of(scalar("f", "text", arg("a", "integer")),
                scalar("f", "text", arg("a", "text")));
        assertThatThrownBy(() -> FunctionCalls.resolve(overloads, "f", Set.of("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("params: ambiguous call: public.f(a integer) and public.f(a text) both accept {a}; they "
                        + "differ only in argument types, which a call by name cannot tell apart; ask the database "
                        + "owner to rename or drop one of them");
    }

    @Test
    void unnamedArgumentsWithoutDefaultNeverFit() {
        FunctionSignature unnamed = scalar("f", "text", arg("", "integer"), optional("b", "text"));
        assertThatThrownBy(() -> FunctionCalls.resolve(List.of(unnamed), "f", Set.of("b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("params: public.f has an argument without a name or default, which a call by name cannot "
                        + "pass; ask the database owner to name it");
        assertThatThrownBy(() -> FunctionCalls.resolve(List.of(unnamed), "f", Set.of("")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("params: '' is not an argument of public.f(integer, b text DEFAULT);");
    }
}
