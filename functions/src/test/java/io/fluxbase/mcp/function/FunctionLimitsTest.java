package io.fluxbase.mcp.function;

import static io.fluxbase.mcp.function.Functions.call;
import static io.fluxbase.mcp.function.Functions.code;
import static io.fluxbase.mcp.function.Functions.failure;
import static io.fluxbase.mcp.function.Functions.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fluxbase.mcp.kernel.function.FunctionCode;
import io.fluxbase.mcp.kernel.function.FunctionContext;
import io.fluxbase.mcp.kernel.function.FunctionFailed;
import io.fluxbase.mcp.kernel.function.FunctionFailed.Reason;
import io.fluxbase.mcp.kernel.function.FunctionResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Time, statements, stack and response size: a function that exceeds one fails alone, with a message saying so. */
class FunctionLimitsTest {

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
    void aFunctionStillRunningAtItsTimeoutIsStopped() {
        // a loop that stays under the statement limit for longer than the timeout: each turn waits for ctx
        FunctionCode slow = code("slow", """
                export default async (req, ctx) => { for (;;) { await ctx.rpc('tick', {}); } };
                """, Duration.ofSeconds(1), 1_000_000);
        long start = System.nanoTime();

        FunctionFailed failed = failure(runtime, slow, new FakeFunctionContext());

        assertThat(failed.reason()).isEqualTo(Reason.TIMED_OUT);
        assertThat(failed).hasMessage("the function timed out after 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    /**
     * A call stopped while its thread is in host code that does not heed the stop (here a {@code console.log} that
     * takes three seconds): the call answers at its timeout, and the runtime says when its thread is done, later, so
     * that whoever admits calls can count it until then.
     */
    @Test
    void aCallStoppedInTheMiddleOfAnOperationEndsItsThreadOnlyWhenTheOperationReturns() throws Exception {
        FakeFunctionContext slowLog = new FakeFunctionContext() {
            @Override
            public void log(String line) {
                long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (System.nanoTime() < until) {
                    Thread.onSpinWait(); // deaf to interrupts, as a long computation in the host is
                }
                super.log(line);
            }
        };
        FunctionCode logs = code("logs", "export default async () => { console.log('slow'); return 'done'; };",
                Duration.ofSeconds(1), 1_000_000);
        long start = System.nanoTime();
        FunctionRuntime.Running run = runtime.start(logs, post(null), slowLog);

        assertThatThrownBy(() -> run.result().get()).cause().isInstanceOf(FunctionFailed.class)
                .hasMessage("the function timed out after 1 s");
        assertThat(run.ended()).as("the thread, still in the host's code").isNotDone();
        run.ended().get(30, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aFunctionWaitingOnAFutureThatNeverCompletesTimesOut() {
        FunctionContext hanging = new FakeFunctionContext() {
            @Override
            public CompletableFuture<Object> rpc(String name, Map<String, Object> params) {
                return new CompletableFuture<>();
            }
        };
        FunctionCode waits = code("waits", "export default async (req, ctx) => ctx.rpc('never', {});",
                Duration.ofSeconds(1), 1_000_000);

        assertThat(failure(runtime, waits, hanging)).hasMessageContaining("timed out after 1 s");
    }

    @Test
    void anInfiniteLoopIsEndedByTheStatementLimit() {
        try (FunctionRuntime limited = new FunctionRuntime(FunctionRuntimeSettings.defaults()
                .withStatementLimit(1_000_000))) {
            FunctionFailed failed = failure(limited, "export default () => { while (true) {} };");

            assertThat(failed.reason()).isEqualTo(Reason.STATEMENT_LIMIT);
            assertThat(failed).hasMessage("the function ran over its limit of 1,000,000 statements");
        }
    }

    @Test
    void anInfiniteLoopUnderTheDefaultLimitsEndsByOneOrTheOther() {
        FunctionCode loop = code("loop", "export default () => { while (true) {} };", Duration.ofSeconds(1),
                1_000_000);

        assertThat(failure(runtime, loop, new FakeFunctionContext()).reason())
                .isIn(Reason.TIMED_OUT, Reason.STATEMENT_LIMIT);
    }

    @Test
    void unboundedRecursionRunsOutOfStack() {
        FunctionFailed failed = failure(runtime, """
                const down = (n) => down(n + 1) + 1;
                export default () => down(0);
                """);

        assertThat(failed.reason()).isEqualTo(Reason.OUT_OF_STACK);
        assertThat(failed).hasMessageContaining("ran out of stack");
    }

    @Test
    void recursionOfAThousandFramesIsFine() {
        FunctionResponse response = call(runtime, """
                const depth = (n) => n === 0 ? 0 : 1 + depth(n - 1);
                export default () => depth(1000);
                """);

        assertThat(response.body()).isEqualTo(1000);
    }

    @Test
    void aResponseOverTheLimitIsRefused() {
        FunctionCode big = code("big", "export default () => 'x'.repeat(2000);", Duration.ofSeconds(5), 1000);

        FunctionFailed failed = failure(runtime, big, new FakeFunctionContext());

        assertThat(failed.reason()).isEqualTo(Reason.RESPONSE_TOO_LARGE);
        assertThat(failed).hasMessage("the response is 2002 bytes, over the function's limit of 1000");
    }

    @Test
    void aRunawayFunctionDoesNotHoldUpOthers() {
        FunctionCode runaway = code("runaway", "export default () => { while (true) {} };", Duration.ofSeconds(5),
                1_000_000);
        FunctionCode quick = code("quick", "export default (req) => ({ echo: req.body });", Duration.ofSeconds(5),
                1_000_000);
        try (FunctionRuntime slowLimit = new FunctionRuntime(FunctionRuntimeSettings.defaults()
                .withStatementLimit(Long.MAX_VALUE))) {
            CompletableFuture<FunctionResponse> stuck = slowLimit.invoke(runaway, post(null), new FakeFunctionContext());
            long start = System.nanoTime();

            List<CompletableFuture<FunctionResponse>> others = IntStream.range(0, 20)
                    .mapToObj(i -> slowLimit.invoke(quick, post(i), new FakeFunctionContext())).toList();
            CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).orTimeout(10, TimeUnit.SECONDS).join();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(others.get(7).join().body()).isEqualTo(Map.of("echo", 7));
            assertThat(stuck).isNotDone();
            Throwable ended = catchThrowable(
                    () -> stuck.orTimeout(15, TimeUnit.SECONDS).join());
            assertThat(ended).isInstanceOf(CompletionException.class).cause()
                    .hasMessage("the function timed out after 5 s");
        }
    }

    @Test
    void aFunctionThatKeepsAllocatingIsStoppedAtItsMemoryBudget() {
        try (FunctionRuntime budgeted = new FunctionRuntime(FunctionRuntimeSettings.defaults()
                .withMaxMemory(256L * 1024 * 1024))) {
            long start = System.nanoTime();

            FunctionFailed failed = failure(budgeted, """
                    export default () => { const a = []; while (true) a.push(new Array(1e6).fill(1)); };
                    """);

            assertThat(failed.reason()).isEqualTo(Reason.MEMORY_LIMIT);
            assertThat(failed).hasMessage("the function used more than 256 MB of memory (functions.max_memory)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            // the runtime goes on, and an ordinary call (a loop of a million turns allocates ~31 MB) fits
            assertThat(call(budgeted, "export default () => { let s = 0; for (let i = 0; i < 1e6; i++) s += i % 7;"
                    + " return s; };").body()).isEqualTo(2_999_997);
        }
    }

    @Test
    void aMemoryBudgetDoesNotTouchOrdinaryCalls() {
        FunctionCode echo = code("export default async (req) => req.body;");

        for (int i = 0; i < 20; i++) {
            assertThat(call(runtime, echo, post(Map.of("n", i)), new FakeFunctionContext()).body())
                    .isEqualTo(Map.of("n", i));
        }
    }
}
