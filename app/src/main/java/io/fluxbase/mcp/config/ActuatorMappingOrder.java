package io.fluxbase.mcp.config;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.webflux.actuate.endpoint.web.AbstractWebFluxEndpointHandlerMapping;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Puts the actuator's endpoint mapping (/actuator/prometheus) after the server's own routes. Spring Boot orders it
 * first of all handler mappings, so every request to a route of ours (the MCP endpoint's, health, the admin API, the
 * dashboard) was looked up among the actuator's endpoints, and missed, before its route was found; a metrics scrape
 * now takes that detour instead. No route of ours covers the actuator's path.
 */
@Component
class ActuatorMappingOrder implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof AbstractWebFluxEndpointHandlerMapping mapping) {
            mapping.setOrder(Ordered.LOWEST_PRECEDENCE - 100);
        }
        return bean;
    }
}
