package io.fluxbase.mcp.kernel.job;

import java.util.Locale;

/** Where a job is: waiting (first time or for a retry), running an attempt, or finished one of three ways. */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A finished job changes no more, unless an operator retries a failed or cancelled one. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public static JobStatus parse(String text) {
        for (JobStatus status : values()) {
            if (status.wireName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown status '" + text
                + "'; use one of queued, running, succeeded, failed, cancelled");
    }
}
