package io.fluxbase.mcp.function;

import io.fluxbase.mcp.kernel.storage.ByteSize;
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
            long statementLimit,
            @Value("${fluxbase.functions.max-memory:" + FunctionRuntimeSettings.DEFAULT_MAX_MEMORY + "}")
            String maxMemory,
            @Value("${fluxbase.functions.allowed-hosts:}") String allowedHosts) {
        return new FunctionRuntime(FunctionRuntimeSettings.defaults().withStatementLimit(statementLimit)
                .withMaxMemory(ByteSize.parse(maxMemory, FunctionRuntimeSettings.MAX_MEMORY_SETTING))
                .withAllowedHosts(AllowedHosts.parse(allowedHosts, AllowedHosts.SETTING)));
    }
}
