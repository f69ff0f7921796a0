package io.fluxbase.mcp.function;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** The one Spring entry point: a {@link FunctionRuntime} bean, built on first use (its engine costs start-up time). */
@Configuration(proxyBeanMethods = false)
public class FunctionRuntimeConfiguration {

    @Bean(destroyMethod = "close")
    @Lazy
    FunctionRuntime functionRuntime(
            @Value("${fluxbase.functions.statement-limit:" + FunctionRuntimeSettings.DEFAULT_STATEMENT_LIMIT + "}")
            long statementLimit) {
        return new FunctionRuntime(FunctionRuntimeSettings.defaults().withStatementLimit(statementLimit));
    }
}
