package io.fluxbase.mcp.edge.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallContextTest {

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01, 4bf92f3577b34da6a3ce929d0e0e4736",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01, none",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01, none",
            "garbage, none",
            "none, none"})
    void readsTheTraceIdOfAW3cTraceparent(String header, String traceId) {
        assertThat(CallContext.traceIdOf(header)).isEqualTo(traceId);
    }
}
