package io.fluxbase.mcp.function;

import static io.fluxbase.mcp.function.Functions.call;
import static io.fluxbase.mcp.function.Functions.code;
import static io.fluxbase.mcp.function.Functions.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.function.FakeFunctionContext.Call;
import io.fluxbase.mcp.kernel.filter.FilterParser;
import io.fluxbase.mcp.kernel.filter.ListValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ctx.db} and {@code ctx.rpc}: what reaches {@code FunctionContext}, and what the function gets back. */
class DatabaseQueryTest {

    private static FunctionRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = new FunctionRuntime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static Object run(FakeFunctionContext ctx, String body) {
        return call(runtime, code("export default async (req, ctx) => {\n" + body + "\n};"), post(null), ctx).body();
    }

    /** Operations started all at once beyond the call's share are refused; one after another, any number run. */
    @Test
    @SuppressWarnings("unchecked")
    void aCallHasOnlySoManyOperationsUnderWayAtOnce() {
        FakeFunctionContext ctx = new FakeFunctionContext();

        List<String> outcomes = (List<String>) run(ctx, """
                const all = await Promise.all(Array.from({ length: 40 }, () => ctx.db.from('t').select()));
                return all.map((r) => r.error ? r.error.message : 'ok');
                """);

        assertThat(outcomes.subList(0, HostBridge.MAX_UNDER_WAY)).containsOnly("ok");
        assertThat(outcomes.subList(HostBridge.MAX_UNDER_WAY, 40)).containsOnly("select: this call already has 32"
                + " operations under way (ctx.db, ctx.rpc, fetch), the most one call may have; await some of them"
                + " before starting more");
        assertThat(ctx.calls).hasSize(HostBridge.MAX_UNDER_WAY);

        FakeFunctionContext oneByOne = new FakeFunctionContext();
        assertThat(run(oneByOne, """
                for (let i = 0; i < 40; i++) { const r = await ctx.db.from('t').select(); if (r.error) return r.error; }
                return 'all answered';
                """)).isEqualTo("all answered");
        assertThat(oneByOne.calls).hasSize(40);
    }

    @Test
    void selectBuildsAPostgrestFilterPerColumn() {
        FakeFunctionContext ctx = new FakeFunctionContext();

        Object result = run(ctx, """
                return await ctx.db.from('people').select('id,name')
                  .eq('a', 1).neq('b', 'x').gt('c', 2).gte('d', 3).lt('e', 4).lte('f', 5)
                  .like('g', 'A%').ilike('h', '%b%').in('i', [1, 'two', 'x,y']).is('j', null).limit(10);
                """);

        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("a", "eq.1");
        filter.put("b", "neq.x");
        filter.put("c", "gt.2");
        filter.put("d", "gte.3");
        filter.put("e", "lt.4");
        filter.put("f", "lte.5");
        filter.put("g", "like.A%");
        filter.put("h", "ilike.%b%");
        filter.put("i", "in.(1,two,\"x,y\")");
        filter.put("j", "is.null");
        assertThat(ctx.calls).containsExactly(expected("select", "table", "people", "filter", filter,
                "select", "id,name", "limit", 10));
        assertThat(result).isEqualTo(dataAndNoError(List.of(Map.of("id", 1, "name", "Ada"))));
        // what the tools accept, the builder produces
        assertThat(FilterParser.parse(filter)).hasSize(10);
    }

    @Test
    @SuppressWarnings("unchecked")
    void inListItemsWithCommasQuotesOrSpacesAreQuotedAsTheFilterParserReadsThem() {
        FakeFunctionContext ctx = new FakeFunctionContext();

        run(ctx, "return await ctx.db.from('t').in('tag', ['a b', 'say \"hi\"', 'x,y', 'plain']);");

        Map<String, Object> filter = (Map<String, Object>) ctx.calls.getFirst().args().get("filter");
        assertThat(filter).isEqualTo(Map.of("tag", "in.(\"a b\",\"say \\\"hi\\\"\",\"x,y\",plain)"));
        assertThat(((ListValue) FilterParser.parse(filter).getFirst().value()).items())
                .containsExactly("a b", "say \"hi\"", "x,y", "plain");
    }

    @Test
    void aBareSelectHasNoFilterColumnsOrLimit() {
        FakeFunctionContext ctx = new FakeFunctionContext();

        run(ctx, "return await ctx.db.from('people');");

        assertThat(ctx.calls).containsExactly(expected("select", "table", "people", "filter", Map.of(), "select", null,
                "limit", null));
    }

    @Test
    void insertUpdateAndDeleteCarryTheirPayloadAndFilter() {
        FakeFunctionContext ctx = new FakeFunctionContext();

        run(ctx, """
                await ctx.db.from('people').insert({ name: 'Ada' });
                await ctx.db.from('people').insert([{ name: 'Ada' }, { name: 'Grace' }]);
                await ctx.db.from('people').update({ name: 'Ada L.' }).eq('id', 1);
                await ctx.db.from('people').delete().in('id', [1, 2]);
                """);

        assertThat(ctx.calls).containsExactly(
                expected("insert", "table", "people", "rows", Map.of("name", "Ada")),
                expected("insert", "table", "people", "rows", List.of(Map.of("name", "Ada"), Map.of("name", "Grace"))),
                expected("update", "table", "people", "data", Map.of("name", "Ada L."), "filter", Map.of("id", "eq.1")),
                expected("delete", "table", "people", "filter", Map.of("id", "in.(1,2)")));
    }

    @Test
    void rpcPassesNameAndParams() {
        FakeFunctionContext ctx = new FakeFunctionContext();

        Object result = run(ctx, "return await ctx.rpc('add', { a: 1, b: 2 });");

        assertThat(ctx.calls).containsExactly(expected("rpc", "name", "add", "params", Map.of("a", 1, "b", 2)));
        assertThat(result).isEqualTo(dataAndNoError(42));
    }

    @Test
    void aFailedFutureIsAnErrorNotAnException() {
        FakeFunctionContext ctx = new FakeFunctionContext();
        ctx.failure = new IllegalStateException("permission denied for table people");

        Object result = run(ctx, "return await ctx.db.from('people').select('*');");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("data", null);
        expected.put("error", Map.of("message", "permission denied for table people"));
        assertThat(result).isEqualTo(expected);
    }

    @Test
    void aSecondConditionOnOneColumnIsRefusedInJavaScript() {
        Object result = run(new FakeFunctionContext(), """
                try { ctx.db.from('t').gte('age', 18).lt('age', 65); return 'accepted'; }
                catch (e) { return e.message; }
                """);

        assertThat(result).isEqualTo("ctx.db: a second condition on column 'age'; a filter holds one condition"
                + " per column");
    }

    @Test
    void concurrentQueriesInOneCallAllSettle() {
        FakeFunctionContext ctx = new FakeFunctionContext();

        Object result = run(ctx, """
                const all = await Promise.all([1, 2, 3].map((id) => ctx.db.from('t').eq('id', id)));
                return all.map((r) => r.data.length);
                """);

        assertThat(result).isEqualTo(List.of(1, 1, 1));
        assertThat(ctx.calls).hasSize(3);
    }

    private static Map<String, @Nullable Object> dataAndNoError(Object data) {
        Map<String, @Nullable Object> expected = new LinkedHashMap<>();
        expected.put("data", data);
        expected.put("error", null);
        return expected;
    }

    private static Call expected(String op, @Nullable Object... namesAndValues) {
        Map<String, @Nullable Object> args = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            args.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Call(op, args);
    }
}
