package io.fluxbase.mcp.function;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One request of a function's {@code fetch}, as the glue sent it ({@code {url, method, headers, body}}, all strings),
 * and the request a redirect makes of it.
 */
record FetchRequest(URI uri, String method, Map<String, String> headers, @Nullable String body) {

    /**
     * Headers that frame the connection rather than the request, beyond those the JDK's client refuses itself: a
     * function that set {@code Transfer-Encoding} beside the body's length could smuggle a second request past a
     * proxy in front of an allowed host.
     */
    private static final Set<String> CONNECTION_HEADERS = Set.of("transfer-encoding", "te", "trailer", "keep-alive",
            "proxy-connection");
    /** What a redirect to another origin does not carry. */
    private static final Set<String> CREDENTIALS = Set.of("authorization", "cookie", "proxy-authorization");

    static FetchRequest of(Map<String, @Nullable Object> args) {
        String url = String.valueOf(args.get("url"));
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new HostFetch.FetchFailed("fetch: '" + url + "' is not a valid URL");
        }
        String method = args.get("method") instanceof String m ? m.toUpperCase(Locale.ROOT) : "GET";
        if (!method.matches("[A-Z]{1,20}")) {
            throw new HostFetch.FetchFailed("fetch: '" + method + "' is not an HTTP method");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (args.get("headers") instanceof Map<?, ?> given) {
            given.forEach((name, value) -> headers.put(String.valueOf(name), String.valueOf(value)));
        }
        String body = args.get("body") instanceof String b ? b : null;
        if (body != null && (method.equals("GET") || method.equals("HEAD"))) {
            throw new HostFetch.FetchFailed("fetch: a " + method + " request cannot have a body");
        }
        return new FetchRequest(uri, method, headers, body);
    }

    HttpRequest toHttpRequest(Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach((name, value) -> {
            if (CONNECTION_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new HostFetch.FetchFailed("fetch: the header '" + name + "' cannot be set by a function; the"
                        + " connection's framing is the server's");
            }
            try {
                builder.header(name, value);
            } catch (IllegalArgumentException restrictedOrInvalid) {
                throw new HostFetch.FetchFailed("fetch: the header '" + name + "' cannot be set by a function");
            }
        });
        return builder.build();
    }

    /**
     * The request a redirect answered with {@code status} asks for, as browsers make it: 303 (and 301/302 after a
     * POST) becomes a GET without body. Credentials are not carried to another origin: another host, port or scheme
     * (an {@code https} URL redirected to {@code http} would send them in the clear).
     */
    FetchRequest redirectedTo(int status, URI next) {
        boolean toGet = status == 303 && !method.equals("HEAD") || (status == 301 || status == 302)
                && method.equals("POST");
        Map<String, String> carried = new LinkedHashMap<>(headers);
        if (!origin(next).equals(origin(uri))) {
            carried.keySet().removeIf(name -> CREDENTIALS.contains(name.toLowerCase(Locale.ROOT)));
        }
        if (toGet) {
            carried.keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).startsWith("content-"));
            return new FetchRequest(next, "GET", carried, null);
        }
        return new FetchRequest(next, method, carried, body);
    }

    private static String origin(URI uri) {
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + AllowedHosts.hostOf(uri) + ":" + port;
    }
}
