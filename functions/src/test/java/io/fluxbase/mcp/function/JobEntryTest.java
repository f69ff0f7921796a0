package io.fluxbase.mcp.function;

import static io.fluxbase.mcp.function.Functions.call;
import static io.fluxbase.mcp.function.Functions.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fluxbase.mcp.kernel.function.FunctionCode;
import io.fluxbase.mcp.kernel.function.FunctionRequest;
import io.fluxbase.mcp.kernel.function.FunctionResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A job's run: the handler gets (payload, ctx) with ctx.progress, and a cancelled run is stopped. */
class JobEntryTest {

    private static FunctionRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = new FunctionRuntime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** A ctx that keeps the progress it is told. */
    static final class ProgressContext extends FakeFunctionContext {
        final List<String> progress = Collections.synchronizedList(new ArrayList<>());

        @Override
        public CompletableFuture<Void> progress(int percent, String message) {
            progress.add(percent + " " + message);
            return CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void aJobGetsItsPayloadAndReportsProgressAndItsReturnValueIsTheResult() {
        FunctionCode job = code("""
                export default async (payload, ctx) => {
                  await ctx.progress(40, 'counting');
                  await ctx.progress(99.6);
                  return { doubled: payload.n * 2, hasProgress: typeof ctx.progress };
                };""");
        ProgressContext ctx = new ProgressContext();

        FunctionResponse response = call(runtime, job, FunctionRequest.job(Map.of("n", 21)), ctx);

        assertThat(response.body()).isEqualTo(Map.of("doubled", 42, "hasProgress", "function"));
        assertThat(ctx.progress).containsExactly("40 counting", "100 ");
    }

    @Test
    void aFunctionHasNoProgress() {
        FunctionResponse response = call(runtime, "export default async (req, ctx) => typeof ctx.progress;");
        assertThat(response.body()).isEqualTo("undefined");
    }

    @Test
    void progressOutOfRangeRejects() {
        FunctionCode job = code("""
                export default async (payload, ctx) => {
                  try { await ctx.progress(150, 'too much'); return 'accepted'; } catch (e) { return e.message; }
                };""");
        FunctionResponse response = call(runtime, job, FunctionRequest.job(null), new ProgressContext());
        assertThat((String) response.body()).contains("from 0 to 100");
    }

    @Test
    void cancellingARunStopsIt() throws Exception {
        // it logs on every turn, so a run that goes on is seen adding lines
        FunctionCode loop = Functions.code("loop", "export default async (p, ctx) => { while (true) { ctx.log('turn'); } };",
                Duration.ofSeconds(30), 1024 * 1024);
        ProgressContext ctx = new ProgressContext();
        CompletableFuture<FunctionResponse> running = runtime.invoke(loop, FunctionRequest.job(null), ctx);
        while (ctx.lines.isEmpty()) {
            Thread.sleep(10);
        }
        running.cancel(true);

        assertThat(catchThrowable(() -> running.get(5, TimeUnit.SECONDS))).isInstanceOf(CancellationException.class);
        Thread.sleep(500); // the kill lands on the function's thread a moment later
        int settled = ctx.lines.size();
        Thread.sleep(300);
        assertThat(ctx.lines).as("no turns after the cancel").hasSize(settled);
    }
}
