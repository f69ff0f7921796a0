package io.fluxbase.mcp.kernel.job;

import io.fluxbase.mcp.kernel.caller.Caller;
import java.util.List;
import java.util.Optional;

/** The job status read model. Blocking: call it off the event loops. It follows the log closely but not instantly. */
public interface JobStatusReader {

    /** The job, if it exists and {@code viewer} may see it ({@link Submitter#visibleTo}), asked under its role. */
    Optional<JobView> findFor(String jobId, Caller viewer);

    /** Any job, for the operator. */
    Optional<JobView> find(String jobId);

    List<JobView> list(ListJobsQuery query);
}
