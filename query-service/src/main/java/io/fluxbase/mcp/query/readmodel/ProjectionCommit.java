package io.fluxbase.mcp.query.readmodel;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How a projection's batch commits. Its rows commit with the processor's token in one transaction, and every
 * projection insert is idempotent (ON CONFLICT DO NOTHING, or a chain resumed from its stored head): a crash that
 * loses the commit loses both, and the batch is projected again from the token. So the commit need not wait for its
 * disk flush, and a busy log's projections add no flush of their own to the call records' (which alone must wait).
 */
public final class ProjectionCommit {

    private ProjectionCommit() {
    }

    /** Inside the batch's transaction: its commit returns before its WAL reaches the disk. */
    public static void withoutFlushWait(JdbcTemplate jdbc) {
        jdbc.execute("SET LOCAL synchronous_commit = off");
    }
}
