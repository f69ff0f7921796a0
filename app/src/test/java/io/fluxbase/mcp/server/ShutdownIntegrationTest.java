package io.fluxbase.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Stopping a busy server ends every call in flight: each gets its answer or an error, none waits forever. */
class ShutdownIntegrationTest {

    @Test
    void everyCallInFlightEndsWhenTheServerStops() throws Exception {
        TestServer server = TestServer.start();
        server.applySql("CREATE TABLE public.notes (id serial PRIMARY KEY, body text);"
                + " INSERT INTO public.notes (body) VALUES ('one');"
                + " CREATE FUNCTION public.nap() RETURNS int LANGUAGE sql AS 'SELECT 1 FROM pg_sleep(0.2)';");
        TestServer.Key key = server.createKey("busy", "service", "read:tables", "write:tables", "execute:rpc");
        List<McpSyncClient> clients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            clients.add(server.client(key.secret()));
        }
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(clients.size());
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            McpSyncClient client = clients.get(i);
            McpSchema.CallToolRequest request = switch (i % 3) {
                case 0 -> new McpSchema.CallToolRequest("query_table", Map.of("table", "notes"));
                case 1 -> new McpSchema.CallToolRequest("insert_record",
                        Map.of("table", "notes", "data", Map.of("body", "more")));
                default -> new McpSchema.CallToolRequest("invoke_rpc", Map.of("name", "nap"));
            };
            loops.add(callers.submit(() -> {
                while (!stopping.get() || answered.get() == 0) {
                    try {
                        client.callTool(request);
                        answered.incrementAndGet();
                    } catch (RuntimeException e) {
                        if (stopping.get()) {
                            return; // refused or cut off by the stopping server: an end, not a hang
                        }
                        throw e;
                    }
                }
            }));
        }
        TestServer.await("calls to be answered", () -> answered.get() > 20);
        stopping.set(true);
        server.close();
        callers.shutdown();
        assertThat(callers.awaitTermination(60, TimeUnit.SECONDS)).as("every caller's last call ended").isTrue();
        for (Future<?> loop : loops) {
            loop.get(); // no caller failed before the stop
        }
    }
}
