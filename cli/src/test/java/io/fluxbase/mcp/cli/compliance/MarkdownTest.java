package io.fluxbase.mcp.cli.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.kernel.compliance.ComplianceReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Any key can choose the tool name a call record keeps: in the Markdown report it stays text in its own cell. */
class MarkdownTest {

    static final Instant SINCE = Instant.parse("2026-12-01T00:00:00Z");

    static String reportWithTarget(String target) {
        ComplianceReport report = new ComplianceReport(SINCE, SINCE.plusSeconds(86_400), SINCE.plusSeconds(86_400),
                new ComplianceReport.Totals(7, 7, 0, 0, 0, 0, 0, 0, 0), List.of(),
                List.of(new ComplianceReport.Access("ck_mallory", "mallory", "tools/call", target, null, 7, 0, 0)),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                ComplianceReport.Verification.notAvailable("not asked"));
        return Markdown.render(report);
    }

    static String accessRow(String markdown) {
        return markdown.lines().filter(line -> line.startsWith("| mallory")).findFirst().orElseThrow();
    }

    @Test
    void aLinkAnImageOrHtmlInAToolNameStaysText() {
        String row = accessRow(reportWithTarget("[Chain verified](https://evil.example)"
                + " ![x](https://evil.example/p.png) <img src=x onerror=alert(1)> &lt;b&gt; `code`"));
        assertThat(row).contains("\\[Chain verified\\](https\\://evil.example)", "!\\[x\\]", "\\<img src=x",
                "\\&lt;b\\&gt;", "\\`code\\`");
        assertThat(row).as("no bracket or angle left unescaped").doesNotContainPattern("(^|[^\\\\])[\\[<]");
    }

    @Test
    void aPipeOrABackslashAndPipeCannotSplitTheCellAndShiftTheFigures() {
        for (String target : List.of("a | 999 | 999", "a\\| 999 | 999", "a\\\\| 999")) {
            String row = accessRow(reportWithTarget(target));
            // cells are split by pipes that no backslash escapes (a backslash itself escaped does not count)
            String[] cells = row.replaceAll("\\\\\\\\", "").replaceAll("\\\\\\|", "").split("\\|", -1);
            assertThat(cells).as(row).hasSize(9); // 7 columns between the row's outer pipes
            assertThat(row).as(row).endsWith("| 7 | 0 | 0 |");
        }
    }

    @Test
    void aLineBreakCannotEndTheTable() {
        assertThat(accessRow(reportWithTarget("a\n\n# Forged heading\r\n| x |"))).contains("a  # Forged heading");
        assertThat(reportWithTarget("a\n# Forged heading")).doesNotContain("\n# Forged");
    }

    /** GitHub-flavoured renderers link bare URLs, www. names and e-mail addresses: one escape stops each. */
    @Test
    void aBareUrlOrWwwNameOrAddressDoesNotBecomeALink() {
        String row = accessRow(reportWithTarget("https://evil.example/login WWW.evil.example ops@evil.example"
                + " at 12:00, v1.2 of www"));
        assertThat(row).contains("https\\://evil.example/login", "WWW\\.evil.example", "ops\\@evil.example",
                "at 12:00, v1.2 of www");
        assertThat(row).as("no link left unbroken").doesNotContainPattern("[^\\\\]://")
                .doesNotContainPattern("(?i)www\\.").doesNotContainPattern("[^\\\\]@");
    }
}
