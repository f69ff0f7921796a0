package io.fluxbase.mcp.kernel.job;

import io.fluxbase.mcp.kernel.caller.Caller;
import java.util.List;
import java.util.Optional;

/** The job status read model. Blocking: call it off the event loops. It follows the log closely but not instantly. */
public interface JobStatusReader {

    /**
     * The job, if it exists and {@code viewer} may see it (the same key, a key bound to the same user, or a service
     * key for the server's own jobs), asked under its role.
     */
    Optional<JobView> findFor(String jobId, Caller viewer);

    /**
     * Whether the job queue holds a job {@code viewer} may see under this id, asked under its role: a job just
     * submitted is there before it reaches the read model.
     */
    boolean queuedFor(String jobId, Caller viewer);

    /** Any job, for the operator. */
    Optional<JobView> find(String jobId);

    List<JobView> list(ListJobsQuery query);
}
