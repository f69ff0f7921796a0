import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop MCP load: N callers, each with its own session, call query_table for one row by a random primary key.
 * Warm-up calls are discarded, then calls are counted for a fixed time. Prints one JSON line:
 * {"clients":N,"calls":..,"calls_per_s":..,"p50_ms":..,"p99_ms":..,"errors":..}
 *
 * java McpLoad.java URL KEY CLIENTS WARMUP_CALLS SECONDS ROWS
 */
public class McpLoad {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String key = args[1];
        int clients = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        long seconds = Long.parseLong(args[4]);
        int rows = Integer.parseInt(args[5]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            sessions.add(initialize(http, url, key));
        }
        // warm-up, spread over the callers, discarded
        runPhase(http, url, key, sessions, rows, Math.max(1, warmup / clients), Long.MAX_VALUE, null);

        AtomicLong errors = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long start = System.nanoTime();
        List<long[]> collected = runPhase(http, url, key, sessions, rows, Integer.MAX_VALUE, deadline, errors);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long total = collected.stream().mapToLong(a -> a.length).sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (long[] part : collected) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        Arrays.sort(all);
        System.out.printf("{\"clients\":%d,\"calls\":%d,\"seconds\":%.2f,\"calls_per_s\":%.0f,\"p50_ms\":%.3f,"
                        + "\"p99_ms\":%.3f,\"errors\":%d}%n", clients, total, elapsed, total / elapsed,
                percentile(all, 0.50), percentile(all, 0.99), errors.get());
    }

    static List<long[]> runPhase(HttpClient http, String url, String key, List<String> sessions, int rows,
            int callsPerClient, long deadline, AtomicLong errors) throws InterruptedException {
        List<long[]> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (String session : sessions) {
            long[] latencies = new long[Math.min(callsPerClient, 2_000_000)];
            int[] count = {0};
            results.add(null);
            int index = results.size() - 1;
            Thread thread = Thread.ofPlatform().start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int n = 0;
                while (n < latencies.length && System.nanoTime() < deadline) {
                    int id = random.nextInt(1, rows + 1);
                    String body = "{\"jsonrpc\":\"2.0\",\"id\":" + n + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                            + "\"query_table\",\"arguments\":{\"table\":\"bench_items\",\"filter\":{\"id\":\"eq." + id
                            + "\"}}}}";
                    long t0 = System.nanoTime();
                    boolean ok = call(http, url, key, session, body);
                    latencies[n++] = System.nanoTime() - t0;
                    if (!ok && errors != null) {
                        errors.incrementAndGet();
                    }
                }
                count[0] = n;
                synchronized (results) {
                    results.set(index, Arrays.copyOf(latencies, n));
                }
            });
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return results;
    }

    static boolean call(HttpClient http, String url, String key, String session, String body) {
        try {
            HttpResponse<String> response = http.send(request(url, key, session, body),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"isError\":false")
                    && response.body().contains("\"count\":1");
        } catch (Exception e) {
            return false;
        }
    }

    static String initialize(HttpClient http, String url, String key) throws Exception {
        HttpResponse<String> response = http.send(request(url, key, null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":"
                + "\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":"
                + "{\"name\":\"fluxbase-bench\",\"version\":\"1\"}}}"), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("initialize answered " + response.statusCode() + ": " + response.body());
        }
        String session = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
        http.send(request(url, key, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
                HttpResponse.BodyHandlers.discarding());
        return session;
    }

    static HttpRequest request(String url, String key, String session, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("X-Client-Key", key)
                .header("MCP-Protocol-Version", "2025-11-25")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            builder.header("Mcp-Session-Id", session);
        }
        return builder.build();
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }
}
