package io.fluxbase.mcp.kernel.vector;

import io.fluxbase.mcp.kernel.filter.Condition;
import io.fluxbase.mcp.kernel.table.TableRef;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A parsed vector_search call; {@code select} empty means every column. */
public record VectorSearchRequest(TableRef table, String query, int matchCount, @Nullable Double threshold,
        List<Condition> filter, List<String> select) {

    public static final int DEFAULT_MATCH_COUNT = 10;
    public static final int MAX_MATCH_COUNT = 100;
    public static final int MAX_QUERY_CHARS = 2000;

    public VectorSearchRequest {
        filter = List.copyOf(filter);
        select = List.copyOf(select);
        if (query.isBlank()) {
            throw new IllegalArgumentException("query: empty; give the text to search for, e.g. \"how do I reset my"
                    + " password\"");
        }
        if (query.length() > MAX_QUERY_CHARS) {
            throw new IllegalArgumentException("query: " + query.length() + " characters, over the limit of "
                    + MAX_QUERY_CHARS + "; shorten it");
        }
        if (matchCount < 1 || matchCount > MAX_MATCH_COUNT) {
            throw new IllegalArgumentException("match_count: " + matchCount + " is out of range; give 1 to "
                    + MAX_MATCH_COUNT);
        }
    }
}
