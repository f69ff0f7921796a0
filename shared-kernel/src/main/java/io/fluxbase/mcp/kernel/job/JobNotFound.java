package io.fluxbase.mcp.kernel.job;

/** No such job, or none this caller may see: both read the same, so ids of others' jobs reveal nothing. */
public final class JobNotFound extends RuntimeException {

    public static final String MESSAGE = "no job '%s'; check the job_id that submit_job returned";

    public JobNotFound(String jobId) {
        super(MESSAGE.formatted(jobId), null, false, false);
    }
}
