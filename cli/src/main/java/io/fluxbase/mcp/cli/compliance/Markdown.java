package io.fluxbase.mcp.cli.compliance;

import io.fluxbase.mcp.kernel.compliance.ComplianceReport;
import java.util.Collections;
import java.util.List;

/** The report as Markdown tables: the same sections and figures as the HTML, without the charts. */
final class Markdown {

    private Markdown() {
    }

    static String render(ComplianceReport report) {
        StringBuilder md = new StringBuilder("# Compliance report\n\n").append(Html.period(report))
                .append(" (UTC), generated ").append(ReportTables.time(report.generatedAt())).append("\n\n")
                .append("## Verification of the command log\n\n**").append(report.verification().status())
                .append("**: ").append(text(report.verification().detail())).append("\n\n");
        for (ReportTables.Section section : ReportTables.sections(report)) {
            md.append("## ").append(section.title()).append("\n\n");
            if (section.rows().isEmpty()) {
                md.append("_").append(section.whenEmpty()).append("_\n\n");
                continue;
            }
            row(md, section.header());
            row(md, Collections.nCopies(section.header().size(), "---"));
            section.rows().forEach(row -> row(md, row.stream().map(Markdown::text).toList()));
            md.append('\n');
        }
        return md.toString();
    }

    private static void row(StringBuilder md, List<String> cells) {
        md.append('|');
        cells.forEach(cell -> md.append(' ').append(cell).append(" |"));
        md.append('\n');
    }

    /**
     * A value from the log as plain text: any key can choose a tool's name, so a cell must not become a link, an
     * image, HTML or a split of the table. A backslash is escaped too: before a pipe escaped alone it would free it.
     * GitHub-flavoured renderers also link bare {@code https://...}, {@code www....} and {@code name@host} text; an
     * escaped {@code :}, {@code .} or {@code @} there shows the same character and stops the link.
     */
    static String text(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\', '|', '[', ']', '<', '>', '&', '`', '@' -> escaped.append('\\').append(c);
                case ':' -> escaped.append(value.startsWith("//", i + 1) ? "\\:" : ":");
                case '.' -> escaped.append(i >= 3 && value.regionMatches(true, i - 3, "www", 0, 3) ? "\\." : ".");
                case '\n', '\r' -> escaped.append(' ');
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
