package io.fluxbase.mcp.cli.storage;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, redrawn in place with {@code \r}. It stays hidden for the first second, so
 * quick transfers print nothing, and is never drawn for machine-readable output. Upload progress arrives on the
 * HTTP client's threads, hence the synchronization.
 */
final class TransferProgress {

    static final Duration QUIET_FOR = Duration.ofSeconds(1);
    private static final long REDRAW_EVERY_MILLIS = 200;
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final Clock clock;
    private final boolean enabled;
    private final String label;
    private final long total;
    private final long startMillis;
    private long done;
    private long lastDrawMillis = -1;
    private int lastLineLength;

    /** {@code total} is the expected byte count, negative when unknown. */
    TransferProgress(PrintWriter err, Clock clock, boolean enabled, String label, long total) {
        this.err = err;
        this.clock = clock;
        this.enabled = enabled;
        this.label = label;
        this.total = total;
        this.startMillis = clock.millis();
    }

    synchronized void advance(long bytes) {
        done += bytes;
        long now = clock.millis();
        boolean slow = now - startMillis > QUIET_FOR.toMillis();
        if (enabled && slow && (lastDrawMillis < 0 || now - lastDrawMillis >= REDRAW_EVERY_MILLIS)) {
            draw();
            lastDrawMillis = now;
        }
    }

    /** Shows the final count and ends the line, if the bar was ever shown. */
    synchronized void finish() {
        if (lastDrawMillis >= 0) {
            draw();
            end();
        }
    }

    /** Ends the line without a final count, so an error message starts on a line of its own. */
    synchronized void abandon() {
        if (lastDrawMillis >= 0) {
            end();
        }
    }

    private void draw() {
        String line;
        if (total > 0) {
            int filled = (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
            line = String.format(Locale.ROOT, "%s [%s%s] %s / %s %3d%%", label, "#".repeat(filled),
                    " ".repeat(BAR_WIDTH - filled), HumanBytes.of(done), HumanBytes.of(total),
                    Math.min(100, done * 100 / total));
        } else {
            line = label + " " + HumanBytes.of(done);
        }
        // Spaces wipe what is left of a longer previous line.
        err.print("\r" + line + " ".repeat(Math.max(0, lastLineLength - line.length())));
        err.flush();
        lastLineLength = line.length();
    }

    private void end() {
        err.println();
        err.flush();
    }
}
