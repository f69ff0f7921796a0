package io.fluxbase.mcp.function;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * The shared GraalJS {@link Engine} (it caches parsed code across contexts) and how every function's context is
 * built: no host classes, I/O, threads, processes, native code, environment or other languages; stable options
 * only. Globals that stable options cannot remove ({@code Java}, {@code Packages}, ...) are deleted by the glue
 * before the module runs.
 */
final class Sandbox implements AutoCloseable {

    static final String MODULE_NAME = "index.mjs";

    private final Engine engine;
    private final ResourceLimits limits;
    private final Source glue;

    Sandbox(long statementLimit) {
        this.engine = Engine.newBuilder("js")
                .option("engine.WarnInterpreterOnly", "false") // interpreted on a stock JDK is expected here
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .build();
        this.limits = ResourceLimits.newBuilder().statementLimit(statementLimit, null).build();
        this.glue = Source.newBuilder("js", readGlue(), "invocation-glue.js").buildLiteral();
    }

    /** A fresh context with the glue evaluated: the returned value is the glue's factory {@code (host, init)}. */
    Context newContext() {
        return Context.newBuilder("js")
                .engine(engine)
                .allowHostAccess(HostAccess.NONE)
                .allowHostClassLookup(className -> false)
                .allowHostClassLoading(false)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowNativeAccess(false)
                .allowCreateProcess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowInnerContextOptions(false)
                .in(InputStream.nullInputStream())
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .timeZone(ZoneOffset.UTC)
                .resourceLimits(limits)
                .option("js.esm-eval-returns-exports", "true")
                .option("js.graal-builtin", "false")
                .option("js.print", "false")
                .option("js.load", "false")
                .option("js.console", "false") // the glue's console writes to ctx.log
                .build();
    }

    Value glueFactory(Context context) {
        return context.eval(glue);
    }

    /** The function's source as an ES module; the same {@link Source} instance lets the engine reuse its parse. */
    static Source module(String source) {
        return Source.newBuilder("js", source, MODULE_NAME).cached(true).buildLiteral();
    }

    @Override
    public void close() {
        engine.close(true);
    }

    private static String readGlue() {
        try (InputStream in = Sandbox.class.getResourceAsStream("invocation-glue.js")) {
            if (in == null) {
                throw new IllegalStateException("invocation-glue.js is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
