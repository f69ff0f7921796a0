import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop MCP load on loopback: N callers, each with its own session on one keep-alive HTTP/1.1 connection,
 * call query_table for one row by a random primary key. A minimal client (raw sockets, no client library), so the
 * load generator takes as little of the machine's CPU as pgbench does. Warm-up calls are discarded, then calls are
 * counted for a fixed time. Prints one JSON line:
 * {"clients":N,"calls":..,"seconds":..,"calls_per_s":..,"p50_ms":..,"p99_ms":..,"errors":..}
 *
 * java McpLoad.java URL KEY CLIENTS WARMUP_CALLS SECONDS ROWS
 */
public class McpLoad {

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String key = args[1];
        int clients = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        long seconds = Long.parseLong(args[4]);
        int rows = Integer.parseInt(args[5]);

        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            callers.add(new Caller(url, key, rows));
        }
        run(callers, Math.max(1, warmup / clients), Long.MAX_VALUE);
        AtomicLong errors = new AtomicLong();
        callers.forEach(c -> c.errors = 0);
        long start = System.nanoTime();
        List<long[]> latencies = run(callers, Integer.MAX_VALUE, start + seconds * 1_000_000_000L);
        double elapsed = (System.nanoTime() - start) / 1e9;
        callers.forEach(c -> errors.addAndGet(c.errors));
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("{\"clients\":%d,\"calls\":%d,\"seconds\":%.2f,\"calls_per_s\":%.0f,\"p50_ms\":%.3f,"
                        + "\"p99_ms\":%.3f,\"errors\":%d}%n", clients, all.length, elapsed, all.length / elapsed,
                percentile(all, 0.50), percentile(all, 0.99), errors.get());
        for (Caller caller : callers) {
            caller.socket.close();
        }
    }

    static List<long[]> run(List<Caller> callers, int calls, long deadline) throws InterruptedException {
        long[][] results = new long[callers.size()][];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers.size(); i++) {
            int index = i;
            threads.add(Thread.ofPlatform().start(() -> results[index] = callers.get(index).loop(calls, deadline)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return Arrays.asList(results);
    }

    static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN
                : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    /** One MCP session over one keep-alive connection. */
    static final class Caller {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        final String head;
        final int rows;
        long errors;

        Caller(URI url, String key, int rows) throws IOException {
            this.rows = rows;
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()));
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 65536);
            String common = "POST " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                    + "X-Client-Key: " + key + "\r\nMCP-Protocol-Version: 2025-11-25\r\n";
            Response init = exchange(common, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                    + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":"
                    + "\"fluxbase-bench\",\"version\":\"1\"}}}");
            if (init.status != 200 || init.session == null) {
                throw new IllegalStateException("initialize answered " + init.status + ": " + init.body);
            }
            head = common + "Mcp-Session-Id: " + init.session + "\r\n";
            exchange(head, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        }

        long[] loop(int calls, long deadline) {
            long[] latencies = new long[Math.min(calls, 4_000_000)];
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int n = 0;
            try {
                while (n < latencies.length && System.nanoTime() < deadline) {
                    String body = "{\"jsonrpc\":\"2.0\",\"id\":" + (n + 1) + ",\"method\":\"tools/call\",\"params\":"
                            + "{\"name\":\"query_table\",\"arguments\":{\"table\":\"bench_items\",\"filter\":{\"id\":"
                            + "\"eq." + random.nextInt(1, rows + 1) + "\"}}}}";
                    long t0 = System.nanoTime();
                    Response response = exchange(head, body);
                    latencies[n++] = System.nanoTime() - t0;
                    if (response.status != 200 || !response.body.contains("\"isError\":false")
                            || !response.body.contains("\"count\":1")) {
                        errors++;
                    }
                }
            } catch (IOException e) {
                errors++;
            }
            return Arrays.copyOf(latencies, n);
        }

        record Response(int status, String session, String body) {
        }

        Response exchange(String head, String body) throws IOException {
            byte[] payload = body.getBytes(StandardCharsets.UTF_8);
            out.write((head + "Content-Length: " + payload.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            int length = -1;
            String session = null;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Integer.parseInt(value);
                } else if (name.equalsIgnoreCase("Mcp-Session-Id")) {
                    session = value;
                }
            }
            if (length < 0) {
                throw new IOException("response without Content-Length (status " + status + ")");
            }
            byte[] content = in.readNBytes(length);
            return new Response(status, session, new String(content, StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    buffer.write(b);
                }
            }
            return buffer.toString(StandardCharsets.US_ASCII);
        }
    }
}
