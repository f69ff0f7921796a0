package io.fluxbase.mcp.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Headers and rows of text, rendered by {@link Table} or {@link Csv}; a null cell means "no value". */
public final class Grid {

    private final List<String> headers;
    private final List<List<@Nullable String>> rows = new ArrayList<>();

    private Grid(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    public static Grid withHeaders(String... headers) {
        return new Grid(Arrays.asList(headers));
    }

    public static Grid withHeaders(List<String> headers) {
        return new Grid(headers);
    }

    public Grid row(@Nullable String... cells) {
        return row(Arrays.asList(cells));
    }

    public Grid row(List<@Nullable String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells for " + headers.size() + " headers");
        }
        rows.add(Collections.unmodifiableList(new ArrayList<>(cells)));
        return this;
    }

    public List<String> headers() {
        return headers;
    }

    public List<List<@Nullable String>> rows() {
        return Collections.unmodifiableList(rows);
    }
}
