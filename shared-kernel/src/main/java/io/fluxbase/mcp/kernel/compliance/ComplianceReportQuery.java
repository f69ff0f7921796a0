package io.fluxbase.mcp.kernel.compliance;

import java.time.Instant;

/** The report for {@code [since, until)}. */
public record ComplianceReportQuery(Instant since, Instant until) {

    public ComplianceReportQuery {
        if (!since.isBefore(until)) {
            throw new IllegalArgumentException("since: " + since + " is not before until (" + until
                    + "); give an earlier --since or a later --until");
        }
    }
}
