package io.fluxbase.mcp.edge.metrics;

import io.fluxbase.mcp.edge.McpSettings;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

/**
 * Leaves requests to the MCP endpoint out of Spring's {@code http.server.requests} observation: each is already timed,
 * by method, tool and outcome, in {@code mcp.server.operation.duration}, and starting and stopping the observation was
 * a few percent of a read call's CPU in the profile. Health, admin, dashboard and metrics requests keep it.
 */
@Component
class McpRequestObservations implements ObservationPredicate {

    private final String endpoint;

    McpRequestObservations(McpSettings settings) {
        this.endpoint = settings.mcp().basePath();
    }

    @Override
    public boolean test(String name, Observation.Context context) {
        return !(context instanceof ServerRequestObservationContext request
                && request.getCarrier().getPath().value().equals(endpoint));
    }
}
