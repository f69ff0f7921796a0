package io.fluxbase.mcp.function;

import static io.fluxbase.mcp.function.Functions.call;
import static io.fluxbase.mcp.function.Functions.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.kernel.function.FunctionFailed.Reason;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Nothing of the host is reachable: each way out fails with an error naming what is not there. */
class FunctionSandboxTest {

    private static FunctionRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = new FunctionRuntime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Java.type('java.lang.System').exit(1)          | ReferenceError: Java is not defined
            Polyglot.eval('js', '1')                       | ReferenceError: Polyglot is not defined
            process.env.HOME                               | ReferenceError: process is not defined
            require('fs')                                  | ReferenceError: require is not defined
            await import('fs')                             | Operation is not allowed for: fs
            await fetch('http://example.com')              | fetch is not available: functions.allowed_hosts lists no host
            Packages.java.lang.Runtime.getRuntime()        | ReferenceError: Packages is not defined
            java.lang.System.getenv()                      | ReferenceError: java is not defined
            load('/etc/passwd')                            | ReferenceError: load is not defined
            print('x')                                     | ReferenceError: print is not defined
            Graal.versionJS                                | ReferenceError: Graal is not defined
            new SharedArrayBuffer(8)                       | ReferenceError: SharedArrayBuffer is not defined
            """)
    void anEscapeAttemptFailsNamingWhatIsMissing(String expression, String message) {
        var failed = failure(runtime, "export default async () => " + expression + ";");

        assertThat(failed.reason()).isEqualTo(Reason.THREW);
        assertThat(failed).hasMessageContaining(message);
    }

    @Test
    void escapeAttemptsAtTheModuleTopLevelFailToo() {
        var failed = failure(runtime, "const System = Java.type('java.lang.System');\nexport default () => 1;");

        assertThat(failed).hasMessage("ReferenceError: Java is not defined");
    }

    @Test
    void theGlobalScopeHoldsOnlyTheLanguageAndConsole() {
        Object names = call(runtime, "export default () => Object.getOwnPropertyNames(globalThis);").body();

        assertThat(names).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .contains("Object", "JSON", "Promise", "console", "fetch")
                .doesNotContainAnyElementsOf(List.of("Java", "Packages", "java", "Polyglot", "Graal", "print", "load",
                        "process", "require", "Atomics"));
    }

    @Test
    void ctxExposesNoHostObject() {
        Object shapes = call(runtime, """
                export default (req, ctx) => [typeof ctx.db.from, Object.keys(ctx).sort(),
                  Object.getPrototypeOf(ctx.db.from('t')).constructor.name];
                """).body();

        assertThat(shapes).isEqualTo(List.of("function", List.of("caller", "db", "env", "log", "rpc"), "Query"));
    }
}
