package io.fluxbase.mcp.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fluxbase.mcp.kernel.function.FunctionCode;
import io.fluxbase.mcp.kernel.function.FunctionContext;
import io.fluxbase.mcp.kernel.function.FunctionFailed;
import io.fluxbase.mcp.kernel.function.FunctionRequest;
import io.fluxbase.mcp.kernel.function.FunctionResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Test helpers: a function version from a source, a request, and waiting for the outcome. */
final class Functions {

    private Functions() {
    }

    static FunctionCode code(String source) {
        return code("f", source, Duration.ofSeconds(10), 1_000_000);
    }

    static FunctionCode code(String name, String source, Duration timeout, long maxResponseBytes) {
        return new FunctionCode(name, 1, sha256(source), source, timeout, maxResponseBytes);
    }

    static FunctionRequest post(@Nullable Object body) {
        return new FunctionRequest("POST", Map.of("content-type", "application/json"), body);
    }

    static FunctionResponse call(FunctionRuntime runtime, FunctionCode code, FunctionRequest request,
            FunctionContext ctx) {
        return runtime.invoke(code, request, ctx).orTimeout(30, TimeUnit.SECONDS).join();
    }

    static FunctionResponse call(FunctionRuntime runtime, String source) {
        return call(runtime, code(source), post(null), new FakeFunctionContext());
    }

    /** The {@link FunctionFailed} an invocation completed with. */
    static FunctionFailed failure(FunctionRuntime runtime, FunctionCode code, FunctionContext ctx) {
        Throwable thrown = catchThrowable(() -> call(runtime, code, post(null), ctx));
        assertThat(thrown).isInstanceOf(CompletionException.class);
        assertThat(thrown.getCause()).isInstanceOf(FunctionFailed.class);
        return (FunctionFailed) thrown.getCause();
    }

    static FunctionFailed failure(FunctionRuntime runtime, String source) {
        return failure(runtime, code(source), new FakeFunctionContext());
    }

    private static String sha256(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
