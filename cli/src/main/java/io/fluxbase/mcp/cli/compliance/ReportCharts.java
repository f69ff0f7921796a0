package io.fluxbase.mcp.cli.compliance;

import io.fluxbase.mcp.kernel.compliance.ComplianceReport;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The HTML report's charts as inline SVG (no script, no library, nothing fetched), so the file opens offline in any
 * browser: calls per day by outcome, the keys with the most calls, denials and rate limiting per day. Each bar
 * carries a {@code <title>} with its figure.
 */
final class ReportCharts {

    static final int WIDTH = 720;
    static final int HEIGHT = 220;
    private static final int LEFT = 48;
    private static final int BOTTOM = 28;
    private static final int TOP = 24;
    private static final String[] OUTCOMES = {"ok", "errors", "denied", "rate limited", "invalid"};
    private static final String[] COLOURS = {"#2e7d32", "#c62828", "#ef6c00", "#6a1b9a", "#757575"};

    private ReportCharts() {
    }

    static String callsPerDay(List<ComplianceReport.Day> days) {
        return stackedBars("calls-per-day", "Calls per day by outcome", days, new int[] {0, 1, 2, 3, 4});
    }

    static String denialsOverTime(List<ComplianceReport.Day> days) {
        return stackedBars("denials-over-time", "Denials and rate limiting per day", days, new int[] {2, 3});
    }

    static String topKeys(List<ComplianceReport.Refusals> perKey) {
        List<ComplianceReport.Refusals> top = perKey.stream()
                .sorted(Comparator.comparingLong(ComplianceReport.Refusals::calls).reversed()).limit(10).toList();
        int rowHeight = 22;
        int height = TOP + Math.max(1, top.size()) * rowHeight + 8;
        StringBuilder svg = open("top-keys", "Keys with the most calls", height);
        if (top.isEmpty()) {
            return empty(svg, height);
        }
        long max = top.getFirst().calls();
        int labelWidth = 220;
        for (int i = 0; i < top.size(); i++) {
            ComplianceReport.Refusals key = top.get(i);
            int y = TOP + i * rowHeight;
            double width = Math.max(1, (WIDTH - labelWidth - 60) * (double) key.calls() / max);
            String label = ReportTables.key(key.keyId(), key.keyName());
            svg.append(text(labelWidth - 6, y + 15, "end", shorten(label, 34)))
                    .append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\""
                            + " fill=\"#1565c0\"><title>%s: %d calls</title></rect>", labelWidth, y + 2, width,
                            Html.escape(label), key.calls()))
                    .append(text(labelWidth + (int) width + 6, y + 15, "start", Long.toString(key.calls())));
        }
        return svg.append("</svg>").toString();
    }

    private static String stackedBars(String id, String title, List<ComplianceReport.Day> days, int[] series) {
        StringBuilder svg = open(id, title, HEIGHT);
        long max = days.stream().mapToLong(day -> sum(day, series)).max().orElse(0);
        if (max == 0) {
            return empty(svg, HEIGHT);
        }
        int plotWidth = WIDTH - LEFT - 8;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double slot = (double) plotWidth / days.size();
        double barWidth = Math.max(1, slot * 0.8);
        for (int d = 0; d < days.size(); d++) {
            ComplianceReport.Day day = days.get(d);
            double x = LEFT + d * slot + (slot - barWidth) / 2;
            double base = TOP + plotHeight;
            for (int s : series) {
                long value = figure(day, s);
                if (value == 0) {
                    continue;
                }
                double height = plotHeight * (double) value / max;
                base -= height;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                        + " fill=\"%s\"><title>%s: %d %s</title></rect>", x, base, barWidth, height, COLOURS[s],
                        day.day(), value, OUTCOMES[s]));
            }
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                LEFT, TOP + plotHeight, WIDTH - 8, TOP + plotHeight))
                .append(text(LEFT - 6, TOP + 10, "end", Long.toString(max)))
                .append(text(LEFT - 6, TOP + plotHeight, "end", "0"))
                .append(text(LEFT, HEIGHT - 8, "start", days.getFirst().day().toString()))
                .append(text(WIDTH - 8, HEIGHT - 8, "end", days.getLast().day().toString()));
        int legendX = LEFT + 150;
        for (int s : series) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>",
                    legendX, HEIGHT - 18, COLOURS[s])).append(text(legendX + 14, HEIGHT - 9, "start", OUTCOMES[s]));
            legendX += 24 + OUTCOMES[s].length() * 7;
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String id, String title, int height) {
        return new StringBuilder(String.format(Locale.ROOT, "<svg id=\"%s\" class=\"chart\" role=\"img\""
                + " xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">"
                + "<title>%s</title>", id, WIDTH, height, WIDTH, height, title))
                .append(text(0, 14, "start", title).replace("<text ", "<text font-weight=\"bold\" "));
    }

    private static String empty(StringBuilder svg, int height) {
        return svg.append(text(WIDTH / 2, height / 2 + 6, "middle", "nothing in this period")).append("</svg>")
                .toString();
    }

    private static String text(int x, int y, String anchor, String text) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-size=\"12\">%s</text>",
                x, y, anchor, Html.escape(text));
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static long sum(ComplianceReport.Day day, int[] series) {
        long sum = 0;
        for (int s : series) {
            sum += figure(day, s);
        }
        return sum;
    }

    private static long figure(ComplianceReport.Day day, int series) {
        return switch (series) {
            case 0 -> day.ok();
            case 1 -> day.errors();
            case 2 -> day.denied();
            case 3 -> day.rateLimited();
            default -> day.invalid();
        };
    }
}
