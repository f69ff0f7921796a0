package io.fluxbase.mcp.kernel.job;

/** The key already has as many jobs queued or running as one key may (jobs.max_queued_per_key). */
public final class TooManyJobs extends RuntimeException {

    public TooManyJobs(int limit) {
        super("this key already has " + limit + " jobs queued or running, the most one key may have"
                + " (jobs.max_queued_per_key); wait for some to finish (an operator can cancel them), then submit"
                + " again", null, false, false);
    }
}
