package io.fluxbase.mcp.config;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;

/**
 * The server's network event loops, shared by HTTP and the database client, owned by this server rather than taken
 * from Reactor Netty's process-wide set. Stopping a server then disposes only its own loops: with the process-wide
 * set, the first of two servers in one JVM to stop closed the other's connections too. Requests are drained by the
 * graceful shutdown before the loops stop, so the loops wait for no quiet period of their own (Netty's 2 s, on every
 * stop).
 */
@Configuration(proxyBeanMethods = false)
class EventLoops {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        factory.setShutdownQuietPeriod(Duration.ZERO);
        factory.setLoopResourcesSupplier(() -> LoopResources.create("fluxbase-io"));
        return factory;
    }
}
