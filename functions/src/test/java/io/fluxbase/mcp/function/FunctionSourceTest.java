package io.fluxbase.mcp.function;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.kernel.function.FunctionFailed;
import io.fluxbase.mcp.kernel.function.FunctionSyntaxError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FunctionSourceTest {

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
    void aModuleWithADefaultExportFunctionPasses() {
        assertThatCode(() -> runtime.source().check("export default async (req, ctx) => ({ ok: true });"))
                .doesNotThrowAnyException();
    }

    @Test
    void aSyntaxErrorNamesLineAndColumn() {
        String source = "export default async (req, ctx) => {\n  let a = 1;\n  let b = ) 2;\n};\n";
        assertThatThrownBy(() -> runtime.source().check(source))
                .isInstanceOf(FunctionSyntaxError.class)
                .hasMessageStartingWith("index.mjs line 3, column 11: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aModuleWithoutADefaultExportIsRefused() {
        assertThatThrownBy(() -> runtime.source().check("export const handler = async () => 1;"))
                .isInstanceOf(FunctionSyntaxError.class)
                .hasMessage("the module must `export default async (req, ctx) => ...`");
    }

    @Test
    void aDefaultExportThatIsNotAFunctionIsRefused() {
        assertThatThrownBy(() -> runtime.source().check("export default 42;"))
                .isInstanceOf(FunctionSyntaxError.class)
                .hasMessageContaining("export default async");
    }

    @Test
    void topLevelCodeThatThrowsIsReportedWithItsError() {
        assertThatThrownBy(() -> runtime.source().check("throw new TypeError('not at load');\nexport default () => 1;"))
                .isInstanceOf(FunctionFailed.class)
                .hasMessage("TypeError: not at load");
    }

    @Test
    void topLevelCodeThatNeverEndsIsStoppedByTheStatementLimit() {
        // a limit the loop reaches long before the 5 s check timeout, however slowly a (low priority) thread runs
        try (FunctionRuntime limited = new FunctionRuntime(FunctionRuntimeSettings.defaults()
                .withStatementLimit(1_000_000))) {
            assertThatThrownBy(() -> limited.source().check("while (true) {}\nexport default () => 1;"))
                    .isInstanceOf(FunctionFailed.class)
                    .hasMessage("the function ran over its limit of 1,000,000 statements");
        }
    }
}
