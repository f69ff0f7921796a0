package io.fluxbase.mcp.cli.logs;

import java.io.PrintWriter;

/**
 * A progress bar on stderr for long work: redrawn in place (carriage return), at most a few times a second, and
 * ended with a newline so what follows starts on its own line. It never touches stdout, which keeps {@code -o json}
 * clean.
 */
final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final String what;
    private long lastDrawn;
    private boolean drawn;

    ProgressBar(PrintWriter err, String what) {
        this.err = err;
        this.what = what;
    }

    void show(long done, long total) {
        long now = System.nanoTime();
        if (drawn && now - lastDrawn < REDRAW_NANOS && done < total) {
            return;
        }
        lastDrawn = now;
        drawn = true;
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, done * WIDTH / total);
            err.print("\r" + what + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total
                    + " (" + Math.min(100, done * 100 / total) + "%)");
        } else {
            err.print("\r" + what + " " + done);
        }
        err.flush();
    }

    void end() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }
}
