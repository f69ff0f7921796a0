package io.fluxbase.mcp.function;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A function's {@code fetch}, made by the host with one shared {@link HttpClient}: only to
 * {@link AllowedHosts}, never blocking the invocation's thread, within the function's remaining time, and with the
 * response body capped at the function's response limit. Redirects are followed here, each target checked against
 * the list, so an allowed host cannot send the function on to one that is not.
 */
final class HostFetch implements AutoCloseable {

    static final int MAX_REDIRECTS = 5;
    private static final Pattern CHARSET = Pattern.compile("charset=\"?([^\";\\s]+)", Pattern.CASE_INSENSITIVE);

    /** A refusal or failure whose message is what the function's promise rejects with. */
    static final class FetchFailed extends RuntimeException {

        private static final long serialVersionUID = 1L;

        FetchFailed(String message) {
            super(message, null, false, false);
        }
    }

    private final AllowedHosts hosts;
    private final Watchdog watchdog;
    // HTTP/1.1: no h2c upgrade is offered to hosts over plain http; redirects are never followed by the client
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    HostFetch(AllowedHosts hosts, Watchdog watchdog) {
        this.hosts = hosts;
        this.watchdog = watchdog;
    }

    /** Answers {@code {status, url, redirected, headers, body}}: plain values the glue makes a Response of. */
    CompletableFuture<Map<String, Object>> fetch(Map<String, @Nullable Object> args, long deadlineNanos,
            long maxBodyBytes) {
        try {
            if (hosts.isEmpty()) {
                throw new FetchFailed("fetch is not available: " + AllowedHosts.SETTING + " lists no host");
            }
            FetchRequest request = FetchRequest.of(args);
            check(request.uri(), null);
            return send(request, 0, deadlineNanos, maxBodyBytes);
        } catch (FetchFailed e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Map<String, Object>> send(FetchRequest request, int redirects, long deadlineNanos,
            long maxBodyBytes) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw noAnswerInTime(request.uri());
        }
        FetchFailed tooLarge = new FetchFailed("fetch: the response from " + where(request.uri())
                + " is larger than the function's limit of " + maxBodyBytes + " bytes");
        CompletableFuture<HttpResponse<byte[]>> sent = client.sendAsync(request.toHttpRequest(
                Duration.ofNanos(remaining)), info -> new LimitedBody(maxBodyBytes,
                info.headers().firstValueAsLong("content-length").orElse(-1), tooLarge));
        // the request's timeout covers the wait for the headers only; this also ends a body still arriving
        ScheduledFuture<?> alarm = watchdog.at(Duration.ofNanos(remaining), () -> sent.cancel(true));
        return sent.handle((response, failure) -> {
            alarm.cancel(false);
            if (failure != null) {
                throw described(failure, request.uri());
            }
            return response;
        }).thenCompose(response -> {
            String location = response.headers().firstValue("location").orElse(null);
            if (!isRedirect(response.statusCode()) || location == null) {
                return CompletableFuture.completedFuture(answer(response, redirects > 0));
            }
            if (redirects == MAX_REDIRECTS) {
                throw new FetchFailed("fetch: more than " + MAX_REDIRECTS + " redirects, the last to " + location);
            }
            URI next = resolve(request.uri(), location);
            check(next, request.uri());
            return send(request.redirectedTo(response.statusCode(), next), redirects + 1, deadlineNanos,
                    maxBodyBytes);
        });
    }

    private void check(URI uri, @Nullable URI redirectedFrom) {
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new FetchFailed("fetch: only http: and https: URLs with a host can be fetched, not '" + uri + "'");
        }
        if (!hosts.allows(uri)) {
            String listed = "(" + AllowedHosts.SETTING + " lists: " + hosts + ")";
            throw new FetchFailed(redirectedFrom == null ? "fetch: host '" + where(uri) + "' is not allowed " + listed
                    : "fetch: " + redirectedFrom + " redirects to host '" + where(uri) + "', which is not allowed "
                    + listed);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI resolve(URI from, String location) {
        try {
            return from.resolve(location);
        } catch (IllegalArgumentException e) {
            throw new FetchFailed("fetch: " + from + " redirects to '" + location + "', which is not a valid URL");
        }
    }

    private static Map<String, Object> answer(HttpResponse<byte[]> response, boolean redirected) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                String.join(", ", values)));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", response.statusCode());
        answer.put("url", response.uri().toString());
        answer.put("redirected", redirected);
        answer.put("headers", headers);
        answer.put("body", new String(response.body(), charsetOf(headers.get("content-type"))));
        return answer;
    }

    private static Charset charsetOf(@Nullable String contentType) {
        Matcher matcher = CHARSET.matcher(contentType == null ? "" : contentType);
        try {
            return matcher.find() ? Charset.forName(matcher.group(1)) : StandardCharsets.UTF_8;
        } catch (IllegalArgumentException unknownCharset) {
            return StandardCharsets.UTF_8;
        }
    }

    private static RuntimeException described(Throwable failure, URI uri) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException
                || cause instanceof IOException && cause.getCause() instanceof FetchFailed)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return switch (cause) {
            case FetchFailed refused -> refused;
            case HttpTimeoutException timedOut -> noAnswerInTime(uri);
            case CancellationException cancelled -> noAnswerInTime(uri);
            case ConnectException refused -> new FetchFailed("fetch: cannot connect to " + where(uri));
            default -> new FetchFailed("fetch: the request to " + where(uri) + " failed ("
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()) + ")");
        };
    }

    private static FetchFailed noAnswerInTime(URI uri) {
        return new FetchFailed("fetch: " + where(uri) + " did not answer within the function's remaining time");
    }

    /** The host, with the port when the URL names one: what the message and the list compare. */
    private static String where(URI uri) {
        return AllowedHosts.hostOf(uri) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
