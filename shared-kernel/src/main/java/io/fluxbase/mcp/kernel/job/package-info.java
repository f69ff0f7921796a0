/**
 * Background jobs: a deployed edge function registered as a job, run by any node's runner under the role of the key
 * that submitted it. Its lifecycle is events in the command log (submitted, started, progressed, succeeded, failed,
 * retry scheduled, cancelled), decided by the job aggregate; {@link JobQueue} is the write side's queue the runners
 * claim from, {@link JobStatusReader} the read model behind get_job_status and {@code fluxbase jobs}.
 */
@org.jspecify.annotations.NullMarked
package io.fluxbase.mcp.kernel.job;
