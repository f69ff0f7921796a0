package io.fluxbase.mcp.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A forwarding HTTP/1.1 proxy on 127.0.0.1 that adds {@code X-Client-Key} to every request, for clients that cannot
 * send custom headers (the conformance CLI). Each request gets {@code Connection: close}, so one connection carries
 * one request and only the head of each has to be read; everything else, the Host header and streamed (SSE)
 * answers included, passes through byte for byte.
 */
final class KeyHeaderProxy implements AutoCloseable {

    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private final ServerSocket listener;
    private final int targetPort;
    private final String key;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    KeyHeaderProxy(int targetPort, String key) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.key = key;
        threads.execute(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                threads.execute(() -> forward(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void forward(Socket client) {
        try (client; Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            InputStream fromClient = client.getInputStream();
            byte[] head = withKey(readHead(fromClient));
            OutputStream toServer = server.getOutputStream();
            toServer.write(head);
            toServer.flush();
            threads.execute(() -> pump(fromClient, toServer, server));
            pump(server.getInputStream(), client.getOutputStream(), client);
        } catch (IOException e) {
            // the client or the server went away; so does this connection
        }
    }

    /** Copies until the source ends, then tells the other side that nothing more will come. */
    private static void pump(InputStream from, OutputStream to, Socket toSocket) {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = from.read(buffer)) >= 0; ) {
                to.write(buffer, 0, n);
                to.flush();
            }
            toSocket.shutdownOutput();
        } catch (IOException e) {
            // the other direction notices too
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0 || head.size() > MAX_HEAD_BYTES) {
                throw new IOException("no complete request head");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private byte[] withKey(String head) {
        StringBuilder rewritten = new StringBuilder();
        String[] lines = head.split("\r\n");
        rewritten.append(lines[0]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            String name = lines[i].contains(":") ? lines[i].substring(0, lines[i].indexOf(':')).trim() : "";
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("connection") && !lower.equals("keep-alive") && !lower.equals("x-client-key")) {
                rewritten.append(lines[i]).append("\r\n");
            }
        }
        rewritten.append("X-Client-Key: ").append(key).append("\r\n");
        rewritten.append("Connection: close\r\n\r\n");
        return rewritten.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        threads.shutdownNow();
    }
}
