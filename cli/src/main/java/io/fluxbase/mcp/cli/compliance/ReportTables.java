package io.fluxbase.mcp.cli.compliance;

import io.fluxbase.mcp.kernel.compliance.ComplianceReport;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The report's sections as titled tables of text, shared by the HTML and Markdown forms so both show the same
 * figures in the same order. The verification section is its own: the command log's chain fills it when present.
 */
final class ReportTables {

    record Section(String id, String title, List<String> header, List<List<String>> rows, String whenEmpty) {
    }

    private ReportTables() {
    }

    static List<Section> sections(ComplianceReport report) {
        ComplianceReport.Totals t = report.totals();
        return List.of(
                new Section("summary", "Summary", List.of("Figure", "Value"), List.of(
                        List.of("Calls", n(t.calls())), List.of("Ok", n(t.ok())), List.of("Errors", n(t.errors())),
                        List.of("Denied", n(t.denied())), List.of("Rate limited", n(t.rateLimited())),
                        List.of("Invalid", n(t.invalid())), List.of("Rows read", n(t.rowsRead())),
                        List.of("Rows changed", n(t.rowsChanged())), List.of("Admin actions", n(t.adminActions())),
                        List.of("Keys", n(report.keys().size()))), ""),
                new Section("keys", "Key inventory", List.of("Key", "Name", "Type", "Scopes", "User", "Status",
                        "Created", "Rotated", "Revoked", "Expires", "Last used"),
                        report.keys().stream().map(k -> List.of(k.id(), k.name(), k.type(), String.join(" ", k.scopes()),
                                text(k.userId()), k.status(), time(k.createdAt()), time(k.rotatedAt()),
                                time(k.revokedAt()), time(k.expiresAt()), time(k.lastUsedAt()))).toList(),
                        "No client keys existed by the end of the period."),
                new Section("access", "Access per key, tool and table", List.of("Key", "Method",
                        "Tool or resource", "Table", "Calls", "Rows read", "Rows changed"),
                        report.access().stream().map(a -> List.of(key(a.keyId(), a.keyName()), a.method(),
                                text(a.target()), text(a.table()), n(a.calls()), n(a.rowsRead()),
                                n(a.rowsChanged()))).toList(),
                        "No calls in this period."),
                new Section("refusals", "Denials and rate limiting per key", List.of("Key", "Calls", "Denied",
                        "Rate limited", "Invalid", "Errors"),
                        report.refusals().stream().map(r -> List.of(key(r.keyId(), r.keyName()), n(r.calls()),
                                n(r.denied()), n(r.rateLimited()), n(r.invalid()), n(r.errors()))).toList(),
                        "No calls in this period."),
                new Section("changes", "Data changes per table and key", List.of("Table", "Key", "Inserted",
                        "Updated", "Deleted"),
                        report.dataChanges().stream().map(c -> List.of(c.table(), key(c.keyId(), c.keyName()),
                                n(c.inserted()), n(c.updated()), n(c.deleted()))).toList(),
                        "No rows were changed in this period."),
                new Section("admin", "Admin actions", List.of("Time", "Action", "Target", "Outcome", "Key",
                        "SHA-256", "From", "Detail"),
                        report.adminActions().stream().map(a -> List.of(time(a.time()), a.action(), text(a.target()),
                                a.outcome(), text(a.keyId()), text(a.digest()), text(a.ip()), text(a.message())))
                                .toList(),
                        "No admin actions in this period."),
                new Section("functions", "Functions run", List.of("Function", "Runs", "Succeeded", "Failed"),
                        runs(report.functions()), "No function ran in this period."),
                new Section("jobs", "Jobs run", List.of("Job", "Runs", "Succeeded", "Failed"),
                        runs(report.jobs()), "No job ran in this period."));
    }

    /** Every day of the period (UTC), with zeros where nothing happened; the days present when it is very long. */
    static List<ComplianceReport.Day> everyDay(ComplianceReport report) {
        Map<LocalDate, ComplianceReport.Day> byDay = new TreeMap<>();
        LocalDate first = report.since().atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate last = report.until().minusNanos(1).atOffset(ZoneOffset.UTC).toLocalDate();
        if (!last.isAfter(first.plusDays(400))) {
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                byDay.put(day, new ComplianceReport.Day(day, 0, 0, 0, 0, 0));
            }
        }
        report.callsPerDay().forEach(day -> byDay.put(day.day(), day));
        return new ArrayList<>(byDay.values());
    }

    static String time(@Nullable Instant time) {
        return time == null ? "" : time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    static String key(@Nullable String id, @Nullable String name) {
        if (id == null) {
            return "(no key)";
        }
        return name == null ? id : name + " (" + id + ")";
    }

    private static List<List<String>> runs(List<ComplianceReport.Runs> runs) {
        return runs.stream().map(r -> List.of(r.name(), n(r.runs()), n(r.succeeded()), n(r.failed()))).toList();
    }

    private static String n(long value) {
        return Long.toString(value);
    }

    private static String text(@Nullable String value) {
        return value == null ? "" : value;
    }
}
