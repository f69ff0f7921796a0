package io.fluxbase.mcp.cli.connection;

import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.CliException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * The admin API's base URL and the admin token to send. Each is taken from the first place that has it: the
 * {@code --server} / {@code --token} options, then {@code FLUXBASE_URL} / {@code FLUXBASE_TOKEN}, then the files a
 * local server writes into its {@link DataDirectory}.
 */
public record ServerConnection(URI baseUrl, String token) {

    public static final String URL_VARIABLE = "FLUXBASE_URL";
    public static final String TOKEN_VARIABLE = "FLUXBASE_TOKEN";
    /** Set to 1 to send the admin token over plain http to another machine (a network trusted end to end). */
    public static final String ALLOW_HTTP_VARIABLE = "FLUXBASE_ALLOW_HTTP";

    public ServerConnection {
        baseUrl = withoutTrailingSlash(baseUrl);
    }

    public static ServerConnection resolve(@Nullable String serverOption, @Nullable String tokenOption,
            DataDirectory dataDirectory, CliEnvironment environment) {
        URI url;
        if (serverOption != null) {
            url = sentTokenSafely(parseUrl(serverOption, "--server"), "--server", environment);
        } else {
            url = environment.variable(URL_VARIABLE)
                    .map(value -> sentTokenSafely(parseUrl(value, URL_VARIABLE), URL_VARIABLE, environment))
                    .orElseGet(() -> urlFromServerFile(dataDirectory));
        }
        String token;
        if (tokenOption != null) {
            token = tokenOption.trim();
            if (token.isEmpty()) {
                throw new CliException("--token is empty; pass the admin token or leave the option out");
            }
        } else {
            token = environment.variable(TOKEN_VARIABLE).orElseGet(() -> tokenFromFile(dataDirectory));
        }
        return new ServerConnection(url, token);
    }

    /** Never shows the token: connections end up in error messages and debug output. */
    @Override
    public String toString() {
        return "ServerConnection[baseUrl=" + baseUrl + ", token=***]";
    }

    static URI parseUrl(String text, String source) {
        String problem = source + ": '" + text + "' is not an http(s) URL such as http://127.0.0.1:8080";
        URI url;
        try {
            url = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new CliException(problem);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("http", "https").contains(scheme) || url.getHost() == null
                || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new CliException(problem);
        }
        return url;
    }

    /**
     * The admin token goes in every request's header, so plain http is for this machine only: anyone on the path to
     * another host could read the token and act as the operator. The URL a local server wrote into its data directory
     * is its own address and needs no such check.
     */
    private static URI sentTokenSafely(URI url, String source, CliEnvironment environment) {
        if (!"http".equalsIgnoreCase(url.getScheme()) || LocalAddresses.isThisMachine(url.getHost())
                || environment.variable(ALLOW_HTTP_VARIABLE).filter("1"::equals).isPresent()) {
            return url;
        }
        throw new CliException(source + ": " + url + " is plain http to another machine, so the admin token would"
                + " cross the network readable by anyone on the way; use https, or set " + ALLOW_HTTP_VARIABLE
                + "=1 if every network between here and the server is trusted");
    }

    private static URI urlFromServerFile(DataDirectory dataDirectory) {
        Path file = dataDirectory.serverFile();
        String restart = "; restart the server with 'fluxbase start' or set " + URL_VARIABLE + " and "
                + TOKEN_VARIABLE;
        ServerInfo info;
        try {
            info = ServerInfo.read(file);
        } catch (NoSuchFileException e) {
            throw new CliException("no running server found in " + dataDirectory + " (" + DataDirectory.SERVER_FILE
                    + " missing); start one with 'fluxbase start' or set " + URL_VARIABLE + " and " + TOKEN_VARIABLE);
        } catch (AccessDeniedException e) {
            throw new CliException("cannot read " + file + ": permission denied; run as the user that started the"
                    + " server or set " + URL_VARIABLE + " and " + TOKEN_VARIABLE);
        } catch (IOException | JacksonException e) {
            throw new CliException("cannot read " + file + ": it is not valid server information" + restart, e);
        }
        if (info.url() == null || info.url().isBlank()) {
            throw new CliException(file + " has no \"url\"" + restart);
        }
        return parseUrl(info.url(), file.toString());
    }

    private static String tokenFromFile(DataDirectory dataDirectory) {
        Path file = dataDirectory.adminTokenFile();
        String token;
        try {
            token = Files.readAllLines(file).stream().findFirst().orElse("").trim();
        } catch (NoSuchFileException e) {
            throw new CliException("no admin token found in " + dataDirectory + " (" + DataDirectory.ADMIN_TOKEN_FILE
                    + " missing); set " + TOKEN_VARIABLE + " or pass --token");
        } catch (AccessDeniedException e) {
            throw new CliException("cannot read " + file + ": permission denied; run as the user that started the"
                    + " server, or set " + TOKEN_VARIABLE + " or pass --token");
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (token.isEmpty()) {
            throw new CliException(file + " is empty; restart the server with 'fluxbase start' or set "
                    + TOKEN_VARIABLE);
        }
        return token;
    }

    private static URI withoutTrailingSlash(URI url) {
        String text = url.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }
}
