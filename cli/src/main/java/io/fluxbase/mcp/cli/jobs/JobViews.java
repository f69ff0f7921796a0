package io.fluxbase.mcp.cli.jobs;

import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Csv;
import io.fluxbase.mcp.cli.output.Grid;
import io.fluxbase.mcp.cli.output.OutputFormat;
import io.fluxbase.mcp.cli.output.Table;
import io.fluxbase.mcp.cli.output.TimeDisplay;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** How jobs look in each output format. */
final class JobViews {

    /** The CSV columns, under their API names so scripts can rely on them. */
    static final List<String> FIELDS = List.of("job_id", "name", "status", "progress", "progress_message", "attempts",
            "max_attempts", "priority", "error", "key_id", "submitted_at", "run_at", "started_at", "finished_at");

    private JobViews() {
    }

    static Grid table(List<JsonNode> jobs, ZoneId zone) {
        Grid grid = Grid.withHeaders("JOB", "NAME", "STATUS", "PROGRESS", "ATTEMPTS", "SUBMITTED", "FINISHED");
        for (JsonNode job : jobs) {
            grid.row(CliJson.text(job, "job_id"), CliJson.text(job, "name"), CliJson.text(job, "status"),
                    CliJson.text(job, "progress") + "%", attempts(job),
                    TimeDisplay.local(CliJson.text(job, "submitted_at"), zone),
                    TimeDisplay.local(CliJson.text(job, "finished_at"), zone));
        }
        return grid;
    }

    static Grid csv(List<JsonNode> jobs) {
        Grid grid = Grid.withHeaders(FIELDS);
        for (JsonNode job : jobs) {
            grid.row(FIELDS.stream().map(field -> CliJson.text(job, field)).toList());
        }
        return grid;
    }

    /** One job: its fields, then each step of its lifecycle on a line of its own. */
    static void print(JsonNode job, OutputFormat format, PrintWriter out, ZoneId zone) {
        switch (format) {
            case JSON -> out.println(CliJson.pretty(job));
            case CSV -> out.print(Csv.render(csv(List.of(job))));
            case TABLE -> {
                JsonNode result = job.get("result");
                String message = CliJson.text(job, "progress_message");
                List<Map.Entry<String, @Nullable String>> fields = new ArrayList<>(List.of(
                        entry("Job", CliJson.text(job, "job_id")),
                        entry("Name", CliJson.text(job, "name")),
                        entry("Status", CliJson.text(job, "status")),
                        entry("Progress", CliJson.text(job, "progress") + "%"
                                + (message == null || message.isEmpty() ? "" : " " + message)),
                        entry("Attempts", attempts(job)),
                        entry("Priority", CliJson.text(job, "priority")),
                        entry("Submitted by key", CliJson.text(job, "key_id")),
                        entry("Submitted", TimeDisplay.local(CliJson.text(job, "submitted_at"), zone)),
                        entry("Runs from", TimeDisplay.local(CliJson.text(job, "run_at"), zone)),
                        entry("Finished", TimeDisplay.local(CliJson.text(job, "finished_at"), zone)),
                        entry("Result", result == null || result.isNull() ? null : CliJson.compact(result)),
                        entry("Error", CliJson.text(job, "error"))));
                out.print(Table.details(fields));
                out.println();
                out.println("Steps:");
                for (JsonNode step : CliJson.elements(job, "steps")) {
                    out.println("  " + TimeDisplay.local(CliJson.text(step, "at"), zone) + "  "
                            + CliJson.text(step, "step") + optional(" attempt ", CliJson.text(step, "attempt"))
                            + optional(" on ", CliJson.text(step, "node"))
                            + optional(": ", CliJson.text(step, "detail")));
                }
            }
        }
        out.flush();
    }

    private static String attempts(JsonNode job) {
        return CliJson.text(job, "attempts") + "/" + CliJson.text(job, "max_attempts");
    }

    private static String optional(String prefix, @Nullable String value) {
        return value == null ? "" : prefix + value;
    }

    private static Map.Entry<String, @Nullable String> entry(String label, @Nullable String value) {
        return new SimpleEntry<>(label, value);
    }
}
