package io.fluxbase.mcp.cli.logs;

import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Csv;
import io.fluxbase.mcp.cli.output.Grid;
import io.fluxbase.mcp.cli.output.Table;
import io.fluxbase.mcp.cli.output.TimeDisplay;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** How audit records look in each output format. */
final class LogViews {

    static final List<String> TABLE_HEADERS =
            List.of("TIME", "OUTCOME", "KEY", "METHOD", "TARGET", "ROWS", "MS", "CLIENT");
    /** Column widths for {@code logs tail}, which prints rows as they come and so cannot measure them first. */
    private static final int[] STREAM_WIDTHS = {19, 12, 16, 16, 32, 6, 6, 24};

    private LogViews() {
    }

    static Grid table(List<LogRecord> records, ZoneId zone) {
        Grid grid = Grid.withHeaders(TABLE_HEADERS);
        records.forEach(record -> grid.row(tableCells(record, zone)));
        return grid;
    }

    static String streamHeader() {
        return Table.fixedWidthLine(List.copyOf(TABLE_HEADERS), STREAM_WIDTHS);
    }

    static String streamLine(LogRecord record, ZoneId zone) {
        return Table.fixedWidthLine(tableCells(record, zone), STREAM_WIDTHS);
    }

    static Grid csv(List<JsonNode> records) {
        Grid grid = Grid.withHeaders(LogRecord.FIELDS);
        records.forEach(record -> grid.row(csvCells(record)));
        return grid;
    }

    static String csvHeader() {
        return Csv.line(LogRecord.FIELDS);
    }

    static String csvLine(JsonNode record) {
        return Csv.line(csvCells(record));
    }

    private static List<@Nullable String> csvCells(JsonNode record) {
        return LogRecord.FIELDS.stream().map(field -> CliJson.text(record, field)).toList();
    }

    private static List<@Nullable String> tableCells(LogRecord record, ZoneId zone) {
        return Arrays.asList(
                TimeDisplay.local(record.time(), zone),
                record.outcome(),
                record.keyName() != null ? record.keyName() : record.keyId(),
                record.method(),
                record.target(),
                record.rows() == null ? null : record.rows().toString(),
                record.durationMs() == null ? null : record.durationMs().toString(),
                client(record));
    }

    private static @Nullable String client(LogRecord record) {
        if (record.clientName() == null) {
            return null;
        }
        return record.clientVersion() == null ? record.clientName()
                : record.clientName() + " " + record.clientVersion();
    }
}
