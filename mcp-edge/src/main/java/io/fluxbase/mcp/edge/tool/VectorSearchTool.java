package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.data.CatalogReader;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.data.RowsPage;
import io.fluxbase.mcp.kernel.data.SelectRowsQuery;
import io.fluxbase.mcp.kernel.data.TableReader;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.filter.Condition;
import io.fluxbase.mcp.kernel.filter.FilterParser;
import io.fluxbase.mcp.kernel.filter.FilterSyntaxError;
import io.fluxbase.mcp.kernel.filter.ListValue;
import io.fluxbase.mcp.kernel.filter.Operator;
import io.fluxbase.mcp.kernel.filter.SelectParser;
import io.fluxbase.mcp.kernel.table.ColumnShape;
import io.fluxbase.mcp.kernel.table.TableRef;
import io.fluxbase.mcp.kernel.vector.EmbeddingUnavailable;
import io.fluxbase.mcp.kernel.vector.Embeddings;
import io.fluxbase.mcp.kernel.vector.VectorCandidates;
import io.fluxbase.mcp.kernel.vector.VectorCandidates.Candidate;
import io.fluxbase.mcp.kernel.vector.VectorCandidates.IndexedTable;
import io.fluxbase.mcp.kernel.vector.VectorIndexNotFound;
import io.fluxbase.mcp.kernel.vector.VectorSearchRequest;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * vector_search: rows nearest in meaning to a text, under the key's role. The in-memory index proposes candidates
 * (it knows nothing of roles); one query_table read per round, {@code key = ANY(candidates)} plus the caller's filter,
 * keeps those the role may see. Rounds fetch more candidates until {@code match_count} visible rows are found, the
 * threshold is passed or the table is exhausted.
 */
@Component
class VectorSearchTool implements McpTool {

    private static final Logger log = LoggerFactory.getLogger(VectorSearchTool.class);

    /** Candidates of the first round per row asked for; each further round asks four times as many. */
    static final int FIRST_ROUND_FACTOR = 3;

    private final TableReader tables;
    private final CatalogReader catalog;
    private final VectorCandidates candidates;
    private final Embeddings embeddings;
    private final long byteCap;
    private final int maxCandidates;

    VectorSearchTool(TableReader tables, CatalogReader catalog, VectorCandidates candidates, Embeddings embeddings,
            McpSettings settings, @Value("${fluxbase.vectors.max-candidates:10000}") int maxCandidates) {
        this.tables = tables;
        this.catalog = catalog;
        this.candidates = candidates;
        this.embeddings = embeddings;
        this.byteCap = settings.mcp().maxResultBytes();
        this.maxCandidates = maxCandidates;
    }

    @Override
    public String name() {
        return "vector_search";
    }

    @Override
    public Scope requiredScope() {
        return Scope.READ_VECTORS;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(name())
                .title("Search a table by meaning")
                .description("Find the rows of a vector-enabled table whose text is nearest in meaning to 'query' "
                        + "(similarity search; the words need not match). Rows come best first, each with "
                        + "'similarity' (higher is nearer; 1 is identical for cosine). Row-level security applies as "
                        + "for query_table, and 'filter' takes query_table's operators, e.g. {\"lang\": \"eq.en\"}.")
                .inputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(
                                "table", Map.of("type", "string", "description", "A vector-enabled table, e.g. docs"),
                                "query", Map.of("type", "string", "description", "The text to search for (at most "
                                        + VectorSearchRequest.MAX_QUERY_CHARS + " characters)"),
                                "match_count", Map.of("type", "integer", "minimum", 1,
                                        "maximum", VectorSearchRequest.MAX_MATCH_COUNT, "description",
                                        "Rows to return (default " + VectorSearchRequest.DEFAULT_MATCH_COUNT
                                                + ", max " + VectorSearchRequest.MAX_MATCH_COUNT + ")"),
                                "threshold", Map.of("type", "number", "description",
                                        "Only rows at least this similar, e.g. 0.3"),
                                "filter", Map.of("type", "object", "description",
                                        "As query_table: column to \"operator.value\", e.g. {\"lang\": \"eq.en\"}",
                                        "additionalProperties", Map.of("type", List.of("string", "number", "boolean",
                                                "null"))),
                                "select", Map.of("type", "string", "description",
                                        "Comma-separated columns; default all")),
                        "required", List.of("table", "query"),
                        "additionalProperties", false))
                .outputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(
                                "table", Map.of("type", "string"),
                                "rows", Map.of("type", "array", "items", Map.of("type", "object")),
                                "count", Map.of("type", "integer"),
                                "truncated", Map.of("type", "boolean"),
                                "nearest_checked", Map.of("type", "integer", "description", "Present when the search"
                                        + " stopped after checking this many nearest rows against the key's policies"
                                        + " and filter; a narrower filter or a threshold finds the rest")),
                        "required", List.of("table", "rows", "count", "truncated")))
                .annotations(new McpSchema.ToolAnnotations("Search a table by meaning", true, false, true, false,
                        null))
                .build();
    }

    @Override
    public Mono<McpSchema.CallToolResult> call(CallContext call, Map<String, Object> arguments) {
        VectorSearchRequest request;
        try {
            ToolArguments args = new ToolArguments(arguments);
            TableRef table = TableRef.parse(args.requiredString("table"));
            Object query = arguments.get("query");
            if (!(query instanceof String text)) {
                throw new IllegalArgumentException("query: required, the text to search for (a string)");
            }
            request = new VectorSearchRequest(table, text, args.integer("match_count",
                    VectorSearchRequest.DEFAULT_MATCH_COUNT, 1, VectorSearchRequest.MAX_MATCH_COUNT),
                    threshold(arguments.get("threshold")), FilterParser.parse(args.optionalObject("filter")),
                    SelectParser.parse(args.optionalString("select")));
        } catch (FilterSyntaxError | IllegalArgumentException e) {
            return Mono.just(ToolResults.invalid(call, e.getMessage()));
        }
        String table = request.table().displayName();
        call.table(table);
        return Mono.fromFuture(candidates.table(table)).flatMap(indexed -> indexed.isEmpty()
                ? visibleEnabledTables(call.principal().caller()).map(visible -> ToolResults.error(call,
                        ErrorCode.NOT_VECTOR_ENABLED, new VectorIndexNotFound(table, visible).getMessage()))
                : searchedIfReadable(call, request, indexed.get()));
    }

    /** The vector-enabled tables the caller's role can see: a refusal names no table the catalogue hides from it. */
    private Mono<List<String>> visibleEnabledTables(Caller caller) {
        return Flux.fromIterable(candidates.tables())
                .concatMap(name -> Mono.fromFuture(() -> catalog.tableShape(caller, TableRef.parse(name)))
                        .filter(Optional::isPresent).map(shape -> name))
                .collectList();
    }

    /**
     * Similarity to the query tells what a row's text says: a role that may not read every column the text is made
     * of (a column grant leaving it out) may not search by it.
     */
    private Mono<McpSchema.CallToolResult> searchedIfReadable(CallContext call, VectorSearchRequest request,
            IndexedTable indexed) {
        Caller caller = call.principal().caller();
        return Mono.fromFuture(() -> catalog.tableShape(caller, request.table())).flatMap(shape -> {
            List<String> hidden = shape.map(found -> indexed.textColumns().stream()
                    .filter(column -> found.column(column).filter(ColumnShape::readable).isEmpty()).toList())
                    .orElse(List.of()); // a table the role cannot see at all is refused by the read, as unknown
            if (hidden.isEmpty()) {
                return searched(call, request, indexed);
            }
            return Mono.just(ToolResults.error(call, ErrorCode.PERMISSION_DENIED, "table: "
                    + indexed.table() + " is searched by the text of " + String.join(", ", indexed.textColumns())
                    + ", and role " + caller.databaseRole() + " may not read " + String.join(", ", hidden)
                    + "; how near a row is would tell what it holds. Grant the role SELECT on "
                    + String.join(", ", hidden) + ", or search with a key whose role may read them"));
        });
    }

    private Mono<McpSchema.CallToolResult> searched(CallContext call, VectorSearchRequest request,
            IndexedTable indexed) {
        Search search = new Search(call.principal().caller(), request, indexed);
        return ToolResults.read(call, () -> embeddings.embed(List.of(request.query()))
                        .thenCompose(vectors -> search.round(vectors.getFirst(),
                                Math.min(request.matchCount() * FIRST_ROUND_FACTOR, maxCandidates))),
                        found -> rendered(call, request, found))
                .onErrorResume(error -> unavailable(error) != null
                        ? Mono.just(unavailableAnswer(call, unavailable(error)))
                        : Mono.error(error));
    }

    /**
     * Why the provider failed (its address, what it answered) is for the operator, in the log and in
     * {@code fluxbase vectors status}; a caller is told only that it failed.
     */
    private static McpSchema.CallToolResult unavailableAnswer(CallContext call, EmbeddingUnavailable unavailable) {
        log.warn("vector_search could not embed its query: {}", unavailable.getMessage());
        return ToolResults.error(call, ErrorCode.EMBEDDING_UNAVAILABLE, "query: the embedding provider could not"
                + " embed it just now (the server's log says why); the search can be tried again once it is back");
    }

    private static @Nullable EmbeddingUnavailable unavailable(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof EmbeddingUnavailable unavailable ? unavailable : null;
    }

    private static @Nullable Double threshold(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
            throw new IllegalArgumentException("threshold: expected a number, e.g. 0.3 (only rows at least this"
                    + " similar are returned)");
        }
        return number.doubleValue();
    }

    /**
     * The rows found so far (key to row, similarity added), whether the byte cap cut them, and whether the search
     * stopped at the most candidates one search checks (vectors.max_candidates).
     */
    private record Found(List<Map<String, Object>> rows, boolean truncated, boolean bounded) {

        Found(List<Map<String, Object>> rows, boolean truncated) {
            this(rows, truncated, false);
        }
    }

    /** One search: the rounds of candidates, the keys already checked, the rows visible to the caller. */
    private final class Search {

        private final Caller caller;
        private final VectorSearchRequest request;
        private final IndexedTable indexed;
        private final List<String> columns;
        private final Set<String> checked = new HashSet<>();
        private final List<Map<String, Object>> visible = new ArrayList<>();
        private long bytes;

        Search(Caller caller, VectorSearchRequest request, IndexedTable indexed) {
            this.caller = caller;
            this.request = request;
            this.indexed = indexed;
            List<String> columns = new ArrayList<>(request.select());
            if (!columns.isEmpty() && !columns.contains(indexed.keyColumn())) {
                columns.add(indexed.keyColumn()); // to match rows to candidates; left out of the answer
            }
            this.columns = columns;
        }

        CompletableFuture<Found> round(float[] query, int count) {
            return candidates.nearest(indexed, query, count).thenCompose(ranked -> checked(query, count, ranked));
        }

        private CompletableFuture<Found> checked(float[] query, int count, List<Candidate> ranked) {
            boolean exhausted = ranked.size() < count;
            Map<String, Double> fresh = new LinkedHashMap<>();
            for (Candidate candidate : ranked) {
                if (request.threshold() != null && candidate.similarity() < request.threshold()) {
                    exhausted = true;
                    break;
                }
                if (checked.add(candidate.key())) {
                    fresh.put(candidate.key(), candidate.similarity());
                }
            }
            if (fresh.isEmpty()) {
                return CompletableFuture.completedFuture(new Found(visible, false));
            }
            List<Condition> filter = new ArrayList<>(request.filter());
            filter.add(new Condition(indexed.keyColumn(), Operator.IN, false,
                    new ListValue(List.copyOf(fresh.keySet()))));
            SelectRowsQuery read = new SelectRowsQuery(caller, request.table(), columns, filter, List.of(),
                    fresh.size(), 0, byteCap - bytes);
            boolean last = exhausted;
            return tables.select(read).exceptionallyCompose(error -> {
                if (!ToolResults.refusedAs(error, ErrorCode.ANSWER_TOO_LARGE)) {
                    return CompletableFuture.failedFuture(error);
                }
                // a row that alone would take the answer past its cap ends a search that has found some already;
                // one that would be the whole answer is the select's to leave out
                return visible.isEmpty() ? CompletableFuture.failedFuture(new DataAccessRefusal(
                        ErrorCode.ANSWER_TOO_LARGE, "select", "select: a row among the nearest is larger than the "
                        + (byteCap - bytes) + " bytes one answer may hold (mcp.max_result_bytes); leave its largest"
                        + " columns out with 'select'"))
                        : CompletableFuture.completedFuture(new RowsPage(List.of(), true, null, 0));
            }).thenCompose(page -> {
                for (String json : page.rows()) {
                    Map<String, Object> row = new LinkedHashMap<>(ToolResults.object(json));
                    Double similarity = fresh.get(String.valueOf(row.get(indexed.keyColumn())));
                    if (!request.select().isEmpty() && !request.select().contains(indexed.keyColumn())) {
                        row.remove(indexed.keyColumn());
                    }
                    row.put("similarity", similarity == null ? 0.0 : similarity);
                    visible.add(row);
                }
                bytes += page.bytes();
                if (page.truncated() || bytes >= byteCap) {
                    return CompletableFuture.completedFuture(new Found(visible, true));
                }
                if (visible.size() >= request.matchCount() || last) {
                    return CompletableFuture.completedFuture(new Found(visible, false));
                }
                // a key that may read few of the rows would otherwise have the whole table checked, its keys held
                if (count >= maxCandidates) {
                    return CompletableFuture.completedFuture(new Found(visible, false, true));
                }
                return round(query, Math.min(count * 4, maxCandidates));
            });
        }
    }

    private McpSchema.CallToolResult rendered(CallContext call, VectorSearchRequest request, Found found) {
        List<Map<String, Object>> rows = new ArrayList<>(found.rows());
        rows.sort(Comparator.comparingDouble(row -> -((Double) row.get("similarity"))));
        List<Object> best = new ArrayList<>(rows.subList(0, Math.min(rows.size(), request.matchCount())));
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("table", request.table().displayName());
        content.put("rows", best);
        content.put("count", best.size());
        content.put("truncated", found.truncated());
        if (found.bounded()) {
            content.put("nearest_checked", maxCandidates);
        }
        call.rows(best.size());
        return ToolResults.structured(content);
    }
}
