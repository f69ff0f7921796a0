package io.fluxbase.mcp.function;

import io.fluxbase.mcp.kernel.function.FunctionFailed;
import io.fluxbase.mcp.kernel.function.FunctionFailed.Reason;
import io.fluxbase.mcp.kernel.function.FunctionSyntaxError;
import java.time.Duration;
import java.util.Locale;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns what GraalJS reports into messages for a function's author: JS names and messages, never Java traces. */
final class FunctionErrors {

    private static final Logger log = LoggerFactory.getLogger(FunctionErrors.class);
    private static final String STACK_OVERFLOW = "Maximum call stack size exceeded";

    private FunctionErrors() {
    }

    /** A value the function threw (or its promise rejected with), as the glue described it. */
    static FunctionFailed thrown(String name, String message) {
        if (name.equals("RangeError") && message.contains(STACK_OVERFLOW)) {
            return outOfStack();
        }
        return new FunctionFailed(Reason.THREW, name + ": " + message);
    }

    static FunctionFailed timedOut(Duration timeout) {
        return new FunctionFailed(Reason.TIMED_OUT, "the function timed out after " + describe(timeout));
    }

    static FunctionFailed overMemoryBudget(long budgetBytes) {
        return new FunctionFailed(Reason.MEMORY_LIMIT, "the function used more than " + size(budgetBytes)
                + " of memory (" + FunctionRuntimeSettings.MAX_MEMORY_SETTING + ")");
    }

    /** What escaped from a polyglot call (module loading, or a limit hit while JS was running). */
    static RuntimeException escaped(PolyglotException e, long statementLimit, String label) {
        String message = String.valueOf(e.getMessage());
        if (e.isSyntaxError()) {
            return syntaxError(e);
        }
        if (e.isResourceExhausted() && message.startsWith("Statement count limit")) {
            return new FunctionFailed(Reason.STATEMENT_LIMIT, String.format(Locale.ROOT,
                    "the function ran over its limit of %,d statements", statementLimit));
        }
        if (message.contains(STACK_OVERFLOW) || e.isResourceExhausted() && message.toLowerCase(Locale.ROOT)
                .contains("stack")) {
            return outOfStack();
        }
        if (e.isGuestException() && !e.isInternalError()) {
            return new FunctionFailed(Reason.THREW, message);
        }
        return internal(e, label);
    }

    static FunctionFailed internal(Throwable e, String label) {
        log.warn("function {} failed inside the runtime", label, e);
        return new FunctionFailed(Reason.INTERNAL, "the function runtime failed; the server log has the details");
    }

    static FunctionSyntaxError syntaxError(PolyglotException e) {
        String message = String.valueOf(e.getMessage());
        String firstLine = message.lines().findFirst().orElse(message);
        // "SyntaxError: index.mjs:3:8 Expected an operand but found )": keep what follows the location
        String detail = firstLine.replaceFirst("^SyntaxError: \\S+:\\d+:\\d+\\s*", "");
        SourceSection at = e.getSourceLocation();
        if (at == null) {
            return new FunctionSyntaxError(Sandbox.MODULE_NAME + ": " + detail);
        }
        return new FunctionSyntaxError(Sandbox.MODULE_NAME + " line " + at.getStartLine() + ", column "
                + at.getStartColumn() + ": " + detail);
    }

    static FunctionSyntaxError noDefaultExport() {
        return new FunctionSyntaxError("the module must `export default async (req, ctx) => ...`");
    }

    private static FunctionFailed outOfStack() {
        return new FunctionFailed(Reason.OUT_OF_STACK,
                "the function ran out of stack (RangeError: " + STACK_OVERFLOW + "); is a recursion unbounded?");
    }

    /** As the setting is written: 512 MB, 64 KB, else bytes (binary multiples, as ByteSize reads them). */
    static String size(long bytes) {
        String[] units = {"GB", "MB", "KB"};
        for (int i = 0; i < units.length; i++) {
            int shift = 30 - 10 * i;
            if (bytes >= 1L << shift && bytes % (1L << shift) == 0) {
                return (bytes >> shift) + " " + units[i];
            }
        }
        return bytes + " bytes";
    }

    private static String describe(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
