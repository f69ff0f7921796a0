package io.fluxbase.mcp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.protocol.fixtures.ConformanceFixtures;
import io.fluxbase.mcp.support.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An answer that becomes an SSE stream (progress first, then the result) is recorded with all it sent. */
class StreamedAnswerIntegrationTest {

    @Test
    void bytesOutCountsEveryMessageOnTheStream() {
        try (TestServer server = TestServer.start(Map.of(), ConformanceFixtures.class)) {
            TestServer.Key key = server.createKey("streamed", "service", "read:tables");
            String session = server.initialize(key.secret());

            HttpResponse<String> response = server.post("""
                    {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"test_tool_with_progress",
                     "arguments":{},"_meta":{"progressToken":"p1"}}}""", Map.of("X-Client-Key", key.secret(),
                    "Mcp-Session-Id", session, "User-Agent", "streamed-answer"));

            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            List<String> messages = response.body().lines().filter(line -> line.startsWith("data:"))
                    .map(line -> line.substring("data:".length()).strip()).toList();
            assertThat(messages).as(response.body()).hasSizeGreaterThan(1);
            assertThat(messages.getLast()).contains("\"id\":5", "\"result\"");
            long sent = messages.stream().mapToLong(text -> text.getBytes(StandardCharsets.UTF_8).length).sum();
            TestServer.await("the call's record", () -> server.count(
                    "SELECT count(*) FROM fluxbase.audit_log WHERE user_agent = 'streamed-answer'") == 1);
            assertThat(server.count("SELECT bytes_out FROM fluxbase.audit_log WHERE user_agent = 'streamed-answer'"))
                    .isEqualTo(sent);
        }
    }
}
