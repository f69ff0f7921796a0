package io.fluxbase.mcp.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Adobe S3Mock, a real S3-compatible server, in a process of its own (its Spring Boot is not ours), from the runnable
 * jar the build copies to target/. It listens on loopback only, over plain HTTP, keeps its objects under a temp
 * directory, and is killed with its children on close.
 */
public final class S3MockServer implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Process process;
    private final Path root;
    private final int port;

    private S3MockServer(Process process, Path root, int port) {
        this.process = process;
        this.root = root;
        this.port = port;
    }

    /** Starts S3Mock with these buckets and waits until it answers. */
    public static S3MockServer start(String... buckets) {
        try {
            Path root = Files.createTempDirectory("s3mock");
            Path store = Files.createDirectory(root.resolve("store"));
            Path extra = loopbackClassDirectory(root);
            int port = freePort();
            int httpsPort = freePort();
            Path log = root.resolve("s3mock.log");
            // PropertiesLauncher rather than -jar, so that loader.path can add S3MockLoopback to its class path
            Process process = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-Dloader.path=" + extra,
                    "-cp", jar().toString(), "org.springframework.boot.loader.launch.PropertiesLauncher",
                    "--spring.main.sources=" + S3MockLoopback.class.getName(),
                    "--server.address=127.0.0.1", "--server.port=" + httpsPort, "--http.port=" + port,
                    "--com.adobe.testing.s3mock.store.root=" + store,
                    "--com.adobe.testing.s3mock.store.initialBuckets=" + String.join(",", buckets)))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            S3MockServer server = new S3MockServer(process, root, port);
            server.awaitAnswer(log);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A client of this server, for a test to look at what is stored; the caller closes it. */
    public S3Client client() {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    private static Path jar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("s3mock-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/s3mock-*-exec.jar: the app module's"
                            + " build copies it (maven-dependency-plugin, process-test-classes)"));
        }
    }

    /** A directory holding only S3MockLoopback's class, for S3Mock's class path: none of ours comes along. */
    private static Path loopbackClassDirectory(Path root) throws IOException {
        String file = S3MockLoopback.class.getName().replace('.', '/') + ".class";
        Path target = root.resolve("classes").resolve(file);
        Files.createDirectories(target.getParent());
        try (InputStream in = S3MockLoopback.class.getClassLoader().getResourceAsStream(file)) {
            Files.copy(in, target);
        }
        return root.resolve("classes");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitAnswer(Path log) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(200);
        }
        String output = Files.exists(log) ? Files.readString(log) : "";
        close();
        throw new IllegalStateException("S3Mock did not answer on " + endpoint() + " within " + STARTUP
                + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "; its output:\n"
                + output.substring(Math.max(0, output.length() - 4000)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            FileSystemUtils.deleteRecursively(root);
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
