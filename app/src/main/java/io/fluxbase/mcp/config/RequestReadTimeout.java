package io.fluxbase.mcp.config;

import io.fluxbase.mcp.edge.McpSettings;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A request body that pauses longer than {@code mcp.request_read_timeout} between two reads has its connection
 * closed: bodies are read before the key is known, and a client trickling bytes would otherwise hold its connection
 * and its share of the bodies in flight for as long as it liked. Only a request's own body is timed; a listening
 * stream's answer and a keep-alive connection between requests are not.
 */
@Configuration(proxyBeanMethods = false)
class RequestReadTimeout {

    @Bean
    NettyServerCustomizer requestReadTimeoutCustomizer(McpSettings settings) {
        return server -> server.readTimeout(settings.mcp().requestReadTimeout());
    }
}
