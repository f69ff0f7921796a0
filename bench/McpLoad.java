import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
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
 * call one tool in a loop. A minimal client (raw sockets, no client library), so the load generator takes as little
 * of the machine's CPU as pgbench does. Warm-up calls are discarded, then calls are counted for a fixed time.
 * Modes:
 * <ul>
 *   <li>{@code query} (default): query_table on bench_items for one row by a random primary key in 1..ROWS;
 *       a call counts as an error unless it answers isError false with count 1;</li>
 *   <li>{@code insert}: insert_record of one row into bench_writes, {@code {"owner": OWNER, "title": "row n",
 *       "amount": n * 1.5}} with a random n in 1..1,000,000 (ROWS is ignored); a call counts as an error unless it
 *       answers isError false with count 1;</li>
 *   <li>{@code peer-query} and {@code peer-insert}: the same read and insert against the peer (MCP Toolbox for
 *       Databases), as its tools {@code bench_read {id}} and {@code bench_insert {owner, title, amount}}; KEY is
 *       {@code -} (the peer takes no key) and a call counts as an error unless it answers a result that is not an
 *       error and holds a row.</li>
 * </ul>
 * Where a call's CPU goes: with MCP_LOAD_SERVER_PID (the MCP server's process) and MCP_LOAD_POSTMASTER_PID (the
 * PostgreSQL it uses) set, the summary adds "server_us_per_call", "postgres_us_per_call" (the postmaster and all its
 * backends) and "loader_us_per_call" (this process), CPU time per measured call from /proc, -1 where unknown.
 * With MCP_LOAD_TIMELINE_S=N set, no warm-up and no summary: the callers run for N seconds from the first call and
 * the line printed is {"timeline":[calls in second 1, in second 2, ...]}, to see how fast a fresh server warms up.
 * A JSON-RPC error, an HTTP status other than 200 or an {@code isError: true} result counts as an error; the first
 * error's answer goes to stderr. A connection that fails or stays silent for MCP_LOAD_TIMEOUT_S seconds (default 30)
 * ends that caller, counted as one error, so the run is bounded. Prints one JSON line on stdout:
 * {"clients":N,"calls":..,"seconds":..,"calls_per_s":..,"p50_ms":..,"p99_ms":..,"errors":..,"cpu_us_per_call":..,
 * "cpu_busy":..}: the last two are the whole machine's CPU time (all programs, from /proc/stat) per measured call and
 * the share of the machine busy while measuring, -1 where /proc/stat cannot be read.
 *
 * java McpLoad.java URL KEY CLIENTS WARMUP_CALLS SECONDS ROWS [query | insert OWNER_UUID | upload BYTES | download BYTES]
 */
public class McpLoad {

    static final String USAGE = """
            usage: java McpLoad.java URL KEY CLIENTS WARMUP_CALLS SECONDS ROWS [MODE [OWNER_UUID]]
              query (default)         query_table on bench_items, one row by a random id in 1..ROWS
              insert OWNER_UUID       insert_record of one row into bench_writes owned by OWNER_UUID
              peer-query              the peer's bench_read tool, one row by a random id in 1..ROWS (KEY: -)
              peer-insert OWNER_UUID  the peer's bench_insert tool, one row owned by OWNER_UUID (KEY: -)
              upload BYTES            upload_file of BYTES of new random content into bucket bench-files
              download BYTES          download_file of one of ROWS files of BYTES in bench-files (seeded first)
              function NAME           invoke_function of NAME with body {"id": a random id in 1..ROWS}
              vector                  vector_search on bench_docs (bench/vectors.sh), 10 rows per call
              env MCP_LOAD_TIMEOUT_S   seconds a caller waits for an answer before it gives up (default 30)
              env MCP_LOAD_TIMELINE_S  instead of warm-up and summary: calls per second for this many seconds""";

    enum Mode {
        QUERY, INSERT, PEER_QUERY, PEER_INSERT, UPLOAD, DOWNLOAD, FUNCTION, VECTOR;

        boolean files() {
            return this == UPLOAD || this == DOWNLOAD;
        }

        boolean inserts() {
            return this == INSERT || this == PEER_INSERT;
        }

        boolean peer() {
            return this == PEER_QUERY || this == PEER_INSERT;
        }
    }

    static volatile boolean errorShown;

    public static void main(String[] args) throws Exception {
        URI url;
        String key;
        int clients;
        int warmup;
        long seconds;
        int rows;
        Mode mode = Mode.QUERY;
        String owner = null;
        int timeoutMillis;
        try {
            if (args.length < 6 || args.length > 8) {
                throw new IllegalArgumentException("expected 6 to 8 arguments, got " + args.length);
            }
            url = URI.create(args[0]);
            if (url.getHost() == null || url.getPort() < 0 || url.getPath() == null || url.getPath().isEmpty()) {
                throw new IllegalArgumentException("URL needs host, port and path, e.g. http://127.0.0.1:18181/mcp");
            }
            key = args[1];
            clients = Integer.parseInt(args[2]);
            warmup = Integer.parseInt(args[3]);
            seconds = Long.parseLong(args[4]);
            rows = Integer.parseInt(args[5]);
            if (clients < 1 || warmup < 0 || seconds < 1 || rows < 1) {
                throw new IllegalArgumentException("CLIENTS, SECONDS and ROWS must be positive, WARMUP_CALLS >= 0");
            }
            if (args.length > 6) {
                mode = switch (args[6]) {
                    case "query" -> Mode.QUERY;
                    case "insert" -> Mode.INSERT;
                    case "peer-query" -> Mode.PEER_QUERY;
                    case "peer-insert" -> Mode.PEER_INSERT;
                    case "upload" -> Mode.UPLOAD;
                    case "download" -> Mode.DOWNLOAD;
                    case "function" -> Mode.FUNCTION;
                    case "vector" -> Mode.VECTOR;
                    default -> throw new IllegalArgumentException("unknown mode " + args[6]);
                };
            }
            if (mode == Mode.FUNCTION) {
                if (args.length != 8) {
                    throw new IllegalArgumentException("function needs NAME");
                }
                owner = args[7];
            } else if (mode.files()) {
                if (args.length != 8) {
                    throw new IllegalArgumentException(args[6] + " needs BYTES");
                }
                owner = String.valueOf(Integer.parseInt(args[7]));
            } else if (mode.inserts()) {
                if (args.length != 8) {
                    throw new IllegalArgumentException(args[6] + " needs OWNER_UUID");
                }
                owner = java.util.UUID.fromString(args[7]).toString();
            } else if (args.length == 8) {
                throw new IllegalArgumentException("a read takes no OWNER_UUID");
            }
            timeoutMillis = (int) (1000 * Double.parseDouble(
                    System.getenv().getOrDefault("MCP_LOAD_TIMEOUT_S", "30")));
        } catch (IllegalArgumentException e) {
            System.err.println("McpLoad: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }

        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            callers.add(new Caller(url, key, rows, mode, owner, timeoutMillis));
        }
        if (mode == Mode.DOWNLOAD) {
            callers.get(0).seed();
        }
        String timeline = System.getenv("MCP_LOAD_TIMELINE_S");
        if (timeline != null) {
            printTimeline(callers, Integer.parseInt(timeline));
            return;
        }
        run(callers, Math.max(1, warmup / clients), Long.MAX_VALUE);
        AtomicLong errors = new AtomicLong();
        callers.forEach(c -> c.errors = 0);
        ProcessCpu processes = ProcessCpu.watching(System.getenv("MCP_LOAD_SERVER_PID"),
                System.getenv("MCP_LOAD_POSTMASTER_PID"));
        MachineCpu cpuBefore = MachineCpu.read();
        long start = System.nanoTime();
        List<long[]> latencies = run(callers, Integer.MAX_VALUE, start + seconds * 1_000_000_000L);
        double elapsed = (System.nanoTime() - start) / 1e9;
        MachineCpu cpu = MachineCpu.read().since(cpuBefore);
        long[] split = processes.since();
        callers.forEach(c -> errors.addAndGet(c.errors));
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("{\"clients\":%d,\"calls\":%d,\"seconds\":%.2f,\"calls_per_s\":%.0f,\"p50_ms\":%.3f,"
                        + "\"p99_ms\":%.3f,\"errors\":%d,\"cpu_us_per_call\":%.0f,\"cpu_busy\":%.2f,"
                        + "\"server_us_per_call\":%.0f,\"postgres_us_per_call\":%.0f,\"loader_us_per_call\":%.0f}%n",
                clients, all.length, elapsed, all.length / elapsed, percentile(all, 0.50), percentile(all, 0.99),
                errors.get(), cpu.microsPer(all.length), cpu.busyShare(), ProcessCpu.perCall(split[0], all.length),
                ProcessCpu.perCall(split[1], all.length), ProcessCpu.perCall(split[2], all.length));
        for (Caller caller : callers) {
            caller.socket.close();
        }
    }

    /** Calls answered in each second from the start, for a fresh server: how soon it reaches its steady rate. */
    static void printTimeline(List<Caller> callers, int seconds) throws Exception {
        long start = System.nanoTime();
        for (Caller caller : callers) {
            caller.timeline = new java.util.concurrent.atomic.AtomicLongArray(seconds);
            caller.timelineStart = start;
        }
        run(callers, Integer.MAX_VALUE, start + seconds * 1_000_000_000L);
        long[] perSecond = new long[seconds];
        for (Caller caller : callers) {
            for (int i = 0; i < seconds; i++) {
                perSecond[i] += caller.timeline.get(i);
            }
            caller.socket.close();
        }
        System.out.println("{\"timeline\":" + Arrays.toString(perSecond).replace(" ", "") + "}");
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

    /**
     * The machine's CPU time from the first line of /proc/stat, in USER_HZ ticks (100 a second on Linux): busy is
     * everything but idle and iowait. Zero ticks when the file cannot be read, so the figures come out as -1.
     */
    record MachineCpu(long busy, long total) {

        static MachineCpu read() {
            try {
                String[] ticks = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).getFirst()
                        .trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < ticks.length; i++) {
                    total += Long.parseLong(ticks[i]);
                }
                return new MachineCpu(total - Long.parseLong(ticks[4]) - Long.parseLong(ticks[5]), total);
            } catch (IOException | RuntimeException e) {
                return new MachineCpu(0, 0);
            }
        }

        MachineCpu since(MachineCpu before) {
            return before.total == 0 || total == 0 ? new MachineCpu(0, 0)
                    : new MachineCpu(busy - before.busy, total - before.total);
        }

        double microsPer(long calls) {
            return total == 0 || calls == 0 ? -1 : busy * 10_000.0 / calls;
        }

        double busyShare() {
            return total == 0 ? -1 : (double) busy / total;
        }
    }

    /**
     * CPU time in ticks (USER_HZ, 100 a second) of the server, of PostgreSQL (the postmaster with its exited children,
     * and every live backend) and of this process, read from /proc/PID/stat; -1 where a pid is not given or unreadable.
     */
    static final class ProcessCpu {
        private final long server;
        private final long postmaster;
        private final long[] before;

        private ProcessCpu(long server, long postmaster) {
            this.server = server;
            this.postmaster = postmaster;
            this.before = now();
        }

        static ProcessCpu watching(String serverPid, String postmasterPid) {
            return new ProcessCpu(serverPid == null ? -1 : Long.parseLong(serverPid.trim()),
                    postmasterPid == null ? -1 : Long.parseLong(postmasterPid.trim()));
        }

        long[] since() {
            long[] after = now();
            long[] spent = new long[3];
            for (int i = 0; i < 3; i++) {
                spent[i] = before[i] < 0 || after[i] < 0 ? -1 : after[i] - before[i];
            }
            return spent;
        }

        static double perCall(long ticks, long calls) {
            return ticks < 0 || calls == 0 ? -1 : ticks * 10_000.0 / calls;
        }

        private long[] now() {
            long postgres = -1;
            if (postmaster > 0) {
                long[] own = ticks(postmaster, true);
                postgres = own[0];
                for (ProcessHandle child : ProcessHandle.of(postmaster).map(p -> p.children().toList())
                        .orElse(List.of())) {
                    long[] backend = ticks(child.pid(), false);
                    postgres += Math.max(0, backend[0]);
                }
            }
            return new long[] {server > 0 ? ticks(server, false)[0] : -1, postgres,
                    ticks(ProcessHandle.current().pid(), false)[0]};
        }

        // utime and stime (fields 14, 15), plus cutime and cstime (16, 17) for a parent whose children come and go
        private static long[] ticks(long pid, boolean withExitedChildren) {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                if (withExitedChildren) {
                    ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
                }
                return new long[] {ticks};
            } catch (IOException | RuntimeException e) {
                return new long[] {-1};
            }
        }
    }

    /** One MCP session over one keep-alive connection. */
    static final class Caller {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        final String head;
        final int rows;
        final Mode mode;
        /** The insert modes' OWNER_UUID, the file modes' BYTES, or the function mode's NAME. */
        final String owner;
        long errors;
        java.util.concurrent.atomic.AtomicLongArray timeline;
        long timelineStart;

        Caller(URI url, String key, int rows, Mode mode, String owner, int timeoutMillis) throws IOException {
            this.rows = rows;
            this.mode = mode;
            this.owner = owner;
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMillis);
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), timeoutMillis);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 65536);
            // the peer speaks 2025-06-18 and answers without sessions
            String version = mode.peer() ? "2025-06-18" : "2025-11-25";
            String common = "POST " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                    + (key.equals("-") ? "" : "X-Client-Key: " + key + "\r\n")
                    + "MCP-Protocol-Version: " + version + "\r\n";
            Response init = exchange(common, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                    + "{\"protocolVersion\":\"" + version + "\",\"capabilities\":{},\"clientInfo\":{\"name\":"
                    + "\"fluxbase-bench\",\"version\":\"1\"}}}");
            if (init.status != 200 || init.session == null && !mode.peer()) {
                throw new IllegalStateException("initialize answered " + init.status + ": " + init.body);
            }
            if (init.session == null) {
                head = common;
            } else {
                head = common + "Mcp-Session-Id: " + init.session + "\r\n";
                exchange(head, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            }
        }

        long[] loop(int calls, long deadline) {
            long[] latencies = new long[Math.min(calls, 4_000_000)];
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int n = 0;
            try {
                while (n < latencies.length && System.nanoTime() < deadline) {
                    String body = "{\"jsonrpc\":\"2.0\",\"id\":" + (n + 1) + ",\"method\":\"tools/call\",\"params\":"
                            + call(random) + "}";
                    long t0 = System.nanoTime();
                    Response response = exchange(head, body);
                    long t1 = System.nanoTime();
                    latencies[n++] = t1 - t0;
                    if (timeline != null) {
                        timeline.incrementAndGet((int) Math.min(timeline.length() - 1,
                                (t1 - timelineStart) / 1_000_000_000L));
                    }
                    if (!succeeded(response)) {
                        errors++;
                        showFirstError("HTTP " + response.status + ": " + response.body);
                    }
                }
            } catch (IOException e) {
                errors++;
                showFirstError("connection: " + e);
            }
            return Arrays.copyOf(latencies, n);
        }

        /** Files of the bench bucket: the download mode reads ROWS of them, of BYTES each, that it seeds first. */
        void seed() throws IOException {
            for (int i = 0; i < rows; i++) {
                Response answer = exchange(head, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"upload_file\",\"arguments\":{\"bucket\":\"bench-files\","
                        + "\"path\":\"d/" + owner + "/" + i + ".bin\",\"content\":\"" + content(i)
                        + "\",\"encoding\":\"base64\",\"upsert\":true}}}");
                if (!succeeded(answer)) {
                    throw new IllegalStateException("seeding the files answered " + answer.status + ": "
                            + answer.body);
                }
            }
        }

        /** Uploads of every run go to new paths, whatever earlier runs left in the bucket. */
        private static final String RUN = java.util.UUID.randomUUID().toString();
        private byte[] payload;
        private long uploads;

        /** BYTES of random content, different in its first bytes for every n, as base64. */
        private String content(long n) {
            if (payload == null) {
                payload = new byte[Integer.parseInt(owner)];
                ThreadLocalRandom.current().nextBytes(payload);
            }
            for (int i = 0; i < Math.min(8, payload.length); i++) {
                payload[i] = (byte) (n >>> (8 * i));
            }
            return java.util.Base64.getEncoder().encodeToString(payload);
        }

        /** Ours must say isError false and count 1; the peer answers only text, which must hold the row. */
        private boolean succeeded(Response response) {
            if (response.status != 200) {
                return false;
            }
            if (mode.files()) {
                return response.body.contains("\"isError\":false") && !response.body.contains("\"truncated\":true");
            }
            if (mode == Mode.FUNCTION) {
                return response.body.contains("\"isError\":false") && response.body.contains("\"status\":200");
            }
            if (mode == Mode.VECTOR) {
                return response.body.contains("\"isError\":false") && response.body.contains("\"count\":10");
            }
            return mode.peer()
                    ? response.body.contains("\"result\"") && !response.body.contains("\"isError\":true")
                            && response.body.contains("\\\"id\\\":")
                    : response.body.contains("\"isError\":false") && response.body.contains("\"count\":1");
        }

        /** The params of one tools/call. */
        private String call(ThreadLocalRandom random) {
            int n = random.nextInt(1, (mode.inserts() ? 1_000_000 : rows) + 1);
            String amount = BigDecimal.valueOf(n).multiply(ONE_AND_A_HALF).toPlainString();
            return switch (mode) {
                case QUERY -> "{\"name\":\"query_table\",\"arguments\":{\"table\":\"bench_items\",\"filter\":{\"id\":"
                        + "\"eq." + n + "\"}}}";
                case INSERT -> "{\"name\":\"insert_record\",\"arguments\":{\"table\":\"bench_writes\",\"data\":{"
                        + "\"owner\":\"" + owner + "\",\"title\":\"row " + n + "\",\"amount\":" + amount + "}}}";
                case VECTOR -> "{\"name\":\"vector_search\",\"arguments\":{\"table\":\"bench_docs\",\"query\":\""
                        + VECTOR_QUERIES[n % VECTOR_QUERIES.length] + "\"}}";
                case PEER_QUERY -> "{\"name\":\"bench_read\",\"arguments\":{\"id\":" + n + "}}";
                case UPLOAD -> "{\"name\":\"upload_file\",\"arguments\":{\"bucket\":\"bench-files\",\"path\":\"u/"
                        + RUN + "/" + System.identityHashCode(this) + "/" + (++uploads) + ".bin\",\"content\":\""
                        + content(uploads) + "\",\"encoding\":\"base64\"}}";
                case FUNCTION -> "{\"name\":\"invoke_function\",\"arguments\":{\"name\":\"" + owner
                        + "\",\"body\":{\"id\":" + n + "}}}";
                case DOWNLOAD -> "{\"name\":\"download_file\",\"arguments\":{\"bucket\":\"bench-files\","
                        + "\"path\":\"d/" + owner + "/" + (n - 1) + ".bin\"}}";
                case PEER_INSERT -> "{\"name\":\"bench_insert\",\"arguments\":{\"owner\":\"" + owner
                        + "\",\"title\":\"row " + n + "\",\"amount\":" + amount + "}}";
            };
        }

        /** vector mode: questions worded unlike bench/vectors.sh's generated rows. */
        private static final String[] VECTOR_QUERIES = {"feline resting", "canine running outdoors",
                "bird flying over water", "fish in a river", "car on a highway", "musical instrument practice",
                "cooking dinner", "rainy weather", "financial report", "football match", "mountain hiking",
                "computer programming", "medical checkup", "train travel", "garden flowers", "ocean waves"};

        private static final BigDecimal ONE_AND_A_HALF = new BigDecimal("1.5");

        private static void showFirstError(String what) {
            if (!errorShown) {
                errorShown = true;
                System.err.println("McpLoad: first error: "
                        + (what.length() > 500 ? what.substring(0, 500) + "..." : what));
            }
        }

        record Response(int status, String session, String body) {
        }

        Response exchange(String head, String body) throws IOException {
            byte[] payload = body.getBytes(StandardCharsets.UTF_8);
            // head and body in one write, so the request leaves as one segment (TCP_NODELAY would send two)
            byte[] requestHead = (head + "Content-Length: " + payload.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] request = Arrays.copyOf(requestHead, requestHead.length + payload.length);
            System.arraycopy(payload, 0, request, requestHead.length, payload.length);
            out.write(request);
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
