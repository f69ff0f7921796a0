package io.fluxbase.mcp.cli.compliance;

import io.fluxbase.mcp.kernel.compliance.ComplianceReport;
import java.util.List;

/** The report as one self-contained HTML page: styles inline, charts as inline SVG, no script. */
final class Html {

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;\
            color:#222;padding:0 1rem}
            h1{margin-bottom:.2rem}.period{color:#555;margin-top:0}
            table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem;font-size:.9rem}
            th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
            th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
            .charts svg{display:block;margin:0 0 1.5rem;max-width:100%;height:auto}
            .empty{color:#666;font-style:italic}.verification{padding:.6rem 1rem;background:#f4f4f4;\
            border-left:4px solid #999}
            """;

    private Html() {
    }

    static String render(ComplianceReport report) {
        List<ComplianceReport.Day> days = ReportTables.everyDay(report);
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Fluxbase compliance report ").append(period(report)).append("</title>")
                .append("<style>").append(STYLE).append("</style></head><body>\n")
                .append("<h1>Compliance report</h1><p class=\"period\">").append(period(report))
                .append(" (UTC), generated ").append(ReportTables.time(report.generatedAt())).append("</p>\n")
                .append("<section class=\"charts\" id=\"charts\"><h2>Charts</h2>")
                .append(ReportCharts.callsPerDay(days)).append(ReportCharts.topKeys(report.refusals()))
                .append(ReportCharts.denialsOverTime(days)).append("</section>\n")
                .append("<section id=\"verification\"><h2>Verification of the command log</h2>")
                .append("<p class=\"verification\"><strong>").append(escape(report.verification().status()))
                .append("</strong>: ").append(escape(report.verification().detail())).append("</p></section>\n");
        for (ReportTables.Section section : ReportTables.sections(report)) {
            html.append("<section id=\"").append(section.id()).append("\"><h2>").append(escape(section.title()))
                    .append("</h2>");
            if (section.rows().isEmpty()) {
                html.append("<p class=\"empty\">").append(escape(section.whenEmpty())).append("</p>");
            } else {
                html.append("<table><thead><tr>");
                section.header().forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
                html.append("</tr></thead><tbody>");
                for (List<String> row : section.rows()) {
                    html.append("<tr>");
                    row.forEach(cell -> html.append(cell.matches("\\d+") ? "<td class=\"n\">" : "<td>")
                            .append(escape(cell)).append("</td>"));
                    html.append("</tr>");
                }
                html.append("</tbody></table>");
            }
            html.append("</section>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    static String period(ComplianceReport report) {
        return ReportTables.time(report.since()) + " to " + ReportTables.time(report.until());
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
