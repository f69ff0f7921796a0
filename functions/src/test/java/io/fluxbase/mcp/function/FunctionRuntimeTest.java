package io.fluxbase.mcp.function;

import static io.fluxbase.mcp.function.Functions.call;
import static io.fluxbase.mcp.function.Functions.code;
import static io.fluxbase.mcp.function.Functions.failure;
import static io.fluxbase.mcp.function.Functions.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.kernel.function.FunctionCode;
import io.fluxbase.mcp.kernel.function.FunctionFailed.Reason;
import io.fluxbase.mcp.kernel.function.FunctionRequest;
import io.fluxbase.mcp.kernel.function.FunctionResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a function sees and what its result becomes. */
class FunctionRuntimeTest {

    private static final Logger log = LoggerFactory.getLogger(FunctionRuntimeTest.class);
    private static FunctionRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = new FunctionRuntime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void aPlainValueIsA200JsonResponse() {
        FunctionCode echo = code("export default async (req) => req.body;");
        Map<String, Object> body = Map.of("name", "Ada", "tags", List.of("a", "b"), "n", 3, "ok", true);

        FunctionResponse response = call(runtime, echo, post(body), new FakeFunctionContext());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("content-type", "application/json");
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.durationMs()).isPositive();
    }

    @Test
    void theRequestIsPlainJavaScript() {
        FunctionCode inspect = code("""
                export default (req) => ({
                  method: req.method,
                  header: req.headers['x-test'],
                  bodyIsPlain: Object.getPrototypeOf(req.body) === Object.prototype,
                  parsed: req.json(),
                });
                """);
        FunctionRequest request = new FunctionRequest("PUT", Map.of("x-test", "yes"), Map.of("a", 1));

        FunctionResponse response = call(runtime, inspect, request, new FakeFunctionContext());

        assertThat(response.body()).isEqualTo(Map.of("method", "PUT", "header", "yes", "bodyIsPlain", true,
                "parsed", Map.of("a", 1)));
    }

    @Test
    void jsonParsesAStringBody() {
        FunctionCode parse = code("export default (req) => ({ raw: typeof req.body, value: req.json().x });");

        FunctionResponse response = call(runtime, parse, post("{\"x\": [1, 2]}"), new FakeFunctionContext());

        assertThat(response.body()).isEqualTo(Map.of("raw", "string", "value", List.of(1, 2)));
    }

    @Test
    void anObjectWithAStatusIsTakenAsTheResponse() {
        FunctionResponse response = call(runtime, """
                export default async () => ({ status: 201, headers: { 'x-id': 7 }, body: 'created' });
                """);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.headers()).isEqualTo(Map.of("x-id", "7"));
        assertThat(response.body()).isEqualTo("created");
    }

    @Test
    void undefinedIsANullBody() {
        assertThat(call(runtime, "export default async () => {};").body()).isNull();
    }

    @Test
    void aStatusOutOfRangeIsRefused() {
        assertThat(failure(runtime, "export default () => ({ status: 42 });").reason())
                .isEqualTo(Reason.INVALID_RESPONSE);
    }

    @Test
    void aThrownErrorBecomesItsNameAndMessage() {
        var failed = failure(runtime, "export default async () => { throw new TypeError('no such order'); };");

        assertThat(failed.reason()).isEqualTo(Reason.THREW);
        assertThat(failed).hasMessage("TypeError: no such order");
        assertThat(failed.getStackTrace()).isEmpty();
    }

    @Test
    void aRejectedPromiseOfAnythingIsReported() {
        assertThat(failure(runtime, "export default () => Promise.reject('plain text');"))
                .hasMessage("Error: uncaught plain text");
    }

    @Test
    void moduleStateDoesNotLeakBetweenCalls() {
        FunctionCode counter = code("let counter = 0;\nexport default () => ++counter;");

        for (int i = 0; i < 5; i++) {
            assertThat(call(runtime, counter, post(null), new FakeFunctionContext()).body()).isEqualTo(1);
        }
    }

    @Test
    void globalsPatchedByOneCallAreGoneInTheNext() {
        FunctionCode patcher = code("""
                export default () => {
                  const seen = { seen: globalThis.mark ?? null, leak: [].leak ?? null };
                  globalThis.mark = 'left behind';
                  Array.prototype.leak = 1;
                  return seen;
                };
                """);
        call(runtime, patcher, post(null), new FakeFunctionContext());

        Map<String, Object> untouched = new LinkedHashMap<>();
        untouched.put("seen", null);
        untouched.put("leak", null);
        assertThat(call(runtime, patcher, post(null), new FakeFunctionContext()).body()).isEqualTo(untouched);
    }

    @Test
    void envCallerAndLogsReachTheFunction() {
        FakeFunctionContext ctx = new FakeFunctionContext();
        FunctionCode uses = code("""
                export default (req, ctx) => {
                  ctx.log('greeting', ctx.env.GREETING, { n: 1 });
                  console.log('via console');
                  console.error('bad');
                  return { greeting: ctx.env.GREETING, caller: ctx.caller };
                };
                """);

        FunctionResponse response = call(runtime, uses, post(null), ctx);

        Map<String, Object> caller = new LinkedHashMap<>();
        caller.put("key_id", "key-1");
        caller.put("user_id", null);
        assertThat(response.body()).isEqualTo(Map.of("greeting", "hello", "caller", caller));
        assertThat(ctx.lines).containsExactly("greeting hello {\"n\":1}", "via console", "error: bad");
    }

    @Test
    void warmCallsReuseTheParsedModule() {
        FunctionCode hello = code("export default async (req) => ({ hello: req.method });");
        FakeFunctionContext ctx = new FakeFunctionContext();
        long coldStart = System.nanoTime();
        call(runtime, hello, post(null), ctx);
        double coldMs = (System.nanoTime() - coldStart) / 1e6;
        for (int i = 0; i < 50; i++) {
            call(runtime, hello, post(null), ctx);
        }
        int calls = 200;
        long start = System.nanoTime();
        double handlerMs = 0;
        for (int i = 0; i < calls; i++) {
            handlerMs += call(runtime, hello, post(null), ctx).durationMs();
        }
        double warmMs = (System.nanoTime() - start) / 1e6 / calls;
        log.info("function call latency: first call {} ms; warm calls {} ms on average (in-runtime {} ms), "
                + "over {} calls", String.format("%.1f", coldMs), String.format("%.2f", warmMs),
                String.format("%.2f", handlerMs / calls), calls);
        assertThat(warmMs).isLessThan(Duration.ofSeconds(1).toMillis());
    }

    @Test
    void aWarmCallDoesNotParseTheModuleAgain() {
        StringBuilder source = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            source.append("function f").append(i).append("(a) { return a.map((x) => x * ").append(i)
                    .append(").filter(Boolean).length; }\n");
        }
        source.append("export default () => f1([1, 2]);\n");
        FunctionCode big = code(source.toString());
        call(runtime, big, post(null), new FakeFunctionContext());

        double warmMs = averageMs(10, i -> code(source.toString()));
        double newSourceMs = averageMs(10, i -> code(source + "// edit " + i));

        log.info("a {} KB module: warm call {} ms, the same module as a new source (parsed again) {} ms",
                source.length() / 1024, String.format("%.1f", warmMs), String.format("%.1f", newSourceMs));
        assertThat(warmMs).isLessThan(newSourceMs);
    }

    private static double averageMs(int calls, java.util.function.IntFunction<FunctionCode> version) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            call(runtime, version.apply(i), post(null), new FakeFunctionContext());
        }
        return (System.nanoTime() - start) / 1e6 / calls;
    }
}
