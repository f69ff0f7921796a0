package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.kernel.audit.AuditCategory;
import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.TimeOrderedIds;
import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.data.AnswerSize;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.data.RowsPage;
import io.fluxbase.mcp.kernel.data.SelectRowsQuery;
import io.fluxbase.mcp.kernel.data.TableReader;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.filter.Condition;
import io.fluxbase.mcp.kernel.filter.FilterParser;
import io.fluxbase.mcp.kernel.filter.FilterSyntaxError;
import io.fluxbase.mcp.kernel.filter.OrderParser;
import io.fluxbase.mcp.kernel.filter.OrderTerm;
import io.fluxbase.mcp.kernel.filter.SelectParser;
import io.fluxbase.mcp.kernel.storage.BucketName;
import io.fluxbase.mcp.kernel.storage.FilePath;
import io.fluxbase.mcp.kernel.storage.FileWriter;
import io.fluxbase.mcp.kernel.storage.UploadFileCommand;
import io.fluxbase.mcp.kernel.table.TableRef;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code export_table}: a query_table selection (table, select, filter, order; the table tools' own parsers) read
 * page by page under the submitter's role, so row-level security decides what the file holds, written as CSV or
 * JSON Lines to {@code bucket/path} under the same role (storage policies decide whether it may be written).
 * Progress names the rows read so far. The file's write leaves its own call record, as the CLI's copy does.
 */
@Component
class ExportTableJob implements BuiltInJob {

    static final String NAME = "export_table";
    static final int PAGE = 1000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TableReader tables;
    private final FileWriter files;
    private final long maxFileSize;

    ExportTableJob(TableReader tables, FileWriter files, McpSettings settings) {
        this.tables = tables;
        this.files = files;
        this.maxFileSize = settings.storage().maxFileSize();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int maxAttempts() {
        return 3;
    }

    @Override
    public Duration backoff() {
        return Duration.ofSeconds(10);
    }

    @Override
    public Duration timeout() {
        return Duration.ofMinutes(10);
    }

    /** The payload as the job reads it; throws IllegalArgumentException naming the field. */
    record Export(TableRef table, List<String> columns, List<Condition> filter, List<OrderTerm> order,
            String bucket, String path, Format format, boolean upsert) {

        SelectRowsQuery page(Caller caller, int offset, long byteCap) {
            return new SelectRowsQuery(caller, table, columns, filter, order, PAGE, offset, byteCap);
        }
    }

    enum Format {
        CSV("text/csv"), JSONL("application/x-ndjson");

        final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }
    }

    /** Reading tables and writing files are the key's own rights, not the job's: the key must hold both scopes. */
    @Override
    public void check(Caller caller, @Nullable Object payload) {
        List<String> missing = java.util.stream.Stream.of(Scope.READ_TABLES, Scope.WRITE_STORAGE)
                .filter(scope -> !caller.scopes().contains(scope)).map(Scope::wireName).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("name: export_table reads a table and writes a file as the key that"
                    + " submits it, so the key needs " + String.join(" and ", missing) + " besides execute:jobs");
        }
        read(payload);
    }

    @SuppressWarnings("unchecked")
    Export read(@Nullable Object payload) {
        if (!(payload instanceof Map<?, ?> fields)) {
            throw new IllegalArgumentException("payload: export_table needs {table, bucket, path} and optionally"
                    + " select, filter, order, format (csv or jsonl), upsert");
        }
        ToolArguments args = new ToolArguments((Map<String, Object>) fields);
        try {
            TableRef table = TableRef.parse(args.requiredString("table"));
            String format = args.optionalString("format");
            Format chosen = switch (format == null ? "csv" : format) {
                case "csv" -> Format.CSV;
                case "jsonl" -> Format.JSONL;
                default -> throw new IllegalArgumentException("format: expected \"csv\" or \"jsonl\", got \""
                        + format + "\"");
            };
            String bucket = args.requiredString("bucket");
            String path = args.requiredString("path");
            BucketName.check(bucket, "bucket");
            FilePath.check(path, "path");
            return new Export(table, SelectParser.parse(args.optionalString("select")),
                    FilterParser.parse(args.optionalObject("filter")), OrderParser.parse(args.optionalString("order")),
                    bucket, path, chosen, Boolean.TRUE.equals(args.optionalBoolean("upsert")));
        } catch (FilterSyntaxError | IllegalArgumentException e) {
            throw new IllegalArgumentException("payload." + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<Map<String, Object>> run(Caller caller, @Nullable Object payload,
            BiFunction<Integer, String, CompletableFuture<Void>> progress) {
        Export export = read(payload);
        CompletableFuture<Map<String, Object>> done = new CompletableFuture<>();
        Thread.ofVirtual().name("export_table").start(() -> {
            try {
                done.complete(export(caller, export, progress, done));
            } catch (ExecutionException e) {
                done.completeExceptionally(e.getCause());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            } catch (InterruptedException e) {
                done.cancel(true);
            }
        });
        return done;
    }

    /** A page of the export; a row larger than the whole file may be is told in the export's own terms. */
    private RowsPage read(SelectRowsQuery page) throws ExecutionException, InterruptedException {
        try {
            return tables.select(page).get();
        } catch (ExecutionException e) {
            if (ToolResults.refusedAs(e.getCause(), ErrorCode.ANSWER_TOO_LARGE)) {
                throw new DataAccessRefusal(ErrorCode.FILE_TOO_LARGE, "payload.select", "the row at offset "
                        + page.offset() + " alone is over this server's file limit of " + maxFileSize + " bytes"
                        + " (storage.max_file_size); leave its largest columns out with select");
            }
            throw e;
        }
    }

    private Map<String, Object> export(Caller caller, Export export, BiFunction<Integer, String,
            CompletableFuture<Void>> progress, CompletableFuture<?> run) throws ExecutionException,
            InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> header = null;
        long rows = 0;
        // a page may be as large as the whole file: a row larger than a tool's answer still fits in an export
        SelectRowsQuery page = export.page(caller, 0, maxFileSize);
        progress.apply(0, "reading " + export.table().displayName());
        while (true) {
            if (run.isDone()) {
                throw new CancellationException();
            }
            RowsPage read = read(page);
            for (String row : read.rows()) {
                if (export.format() == Format.JSONL) {
                    out.writeBytes((row + "\n").getBytes(StandardCharsets.UTF_8));
                } else {
                    Map<String, Object> values = JSON.readValue(row, LinkedHashMap.class);
                    if (header == null) {
                        header = List.copyOf(values.keySet());
                        out.writeBytes(csvLine(header.stream().map(Object.class::cast).toList()));
                    }
                    out.writeBytes(csvLine(header.stream().map(values::get).toList()));
                }
                if (out.size() > maxFileSize) {
                    throw new DataAccessRefusal(ErrorCode.FILE_TOO_LARGE, "payload.filter", "the export is over"
                            + " this server's file limit of " + maxFileSize + " bytes (storage.max_file_size) after "
                            + rows + " rows; narrow it with filter or select");
                }
                rows++;
            }
            progress.apply(0, rows + " rows read");
            if (read.nextOffset() == null) {
                break;
            }
            page = export.page(caller, read.nextOffset(), maxFileSize);
        }
        // the job may have been stopped (its key revoked, cancelled, timed out) while its last page was read: a
        // stopped job writes nothing
        if (run.isDone()) {
            throw new CancellationException();
        }
        progress.apply(99, "writing " + rows + " rows to " + export.bucket() + "/" + export.path());
        byte[] content = out.toByteArray();
        files.upload(new UploadFileCommand(caller, export.bucket(), export.path(), content,
                export.format().contentType, export.upsert()), uploadRecord(caller, export), AnswerSize.NONE).get();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("bucket", export.bucket());
        result.put("path", export.path());
        result.put("format", export.format().name().toLowerCase(java.util.Locale.ROOT));
        result.put("rows", rows);
        result.put("bytes", content.length);
        progress.apply(100, "wrote " + rows + " rows (" + content.length + " bytes)");
        return result;
    }

    private static CallRecord uploadRecord(Caller caller, Export export) {
        return new CallRecord(Instant.now(), TimeOrderedIds.next(), AuditCategory.JOBS, null, caller.keyId(),
                null, caller.keyType().wireName(), caller.databaseRole(), caller.userId(), "jobs/export_table/upload",
                export.bucket() + "/" + export.path(), null, null, CallOutcome.OK, null, null, 0, 0, 0, null, null,
                null, null, null);
    }

    /** One CSV record (RFC 4180): quoted when it holds a comma, quote or line break; null empty; JSON as its text. */
    static byte[] csvLine(List<@Nullable Object> values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            Object value = values.get(i);
            String text = value == null ? "" : value instanceof Map || value instanceof List
                    ? JSON.writeValueAsString(value) : value.toString();
            if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                    || text.indexOf('\r') >= 0) {
                text = '"' + text.replace("\"", "\"\"") + '"';
            }
            line.append(text);
        }
        return line.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
