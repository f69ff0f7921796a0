package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.kernel.audit.ArgumentAudit;
import io.fluxbase.mcp.kernel.audit.SecretNames;
import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.function.DeployedFunction;
import io.fluxbase.mcp.kernel.function.FunctionDeployments;
import io.fluxbase.mcp.kernel.function.FunctionName;
import io.fluxbase.mcp.kernel.function.FunctionNotFound;
import io.fluxbase.mcp.kernel.function.JobDefinition;
import io.fluxbase.mcp.kernel.job.JobQueue;
import io.fluxbase.mcp.kernel.job.SubmitJobCommand;
import io.fluxbase.mcp.kernel.job.SubmittedJob;
import io.fluxbase.mcp.kernel.job.Submitter;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * submit_job's checks and the submission itself, blocking: the name must be a job (the refusal lists the jobs there
 * are), the payload must fit the job's input schema, and the start must lie between now and a year ahead.
 */
@Component
class JobSubmissions {

    static final Duration FURTHEST = Duration.ofDays(365);
    static final int MAX_IDEMPOTENCY_KEY = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LiveFunctions live;
    private final FunctionDeployments deployments;
    private final FunctionInvocations invocations;
    private final JobQueue queue;
    private final BuiltInJobs builtIns;
    /** The command log keeps a payload's secret-named values masked, as call records keep arguments. */
    private final ArgumentAudit audit;
    private final SecretNames secrets;

    JobSubmissions(LiveFunctions live, FunctionDeployments deployments, FunctionInvocations invocations,
            JobQueue queue, BuiltInJobs builtIns, McpSettings settings) {
        this.audit = settings.audit().mode();
        this.secrets = settings.audit().secrets();
        this.builtIns = builtIns;
        this.live = live;
        this.deployments = deployments;
        this.invocations = invocations;
        this.queue = queue;
    }

    /** A submission as the tool read it; throws IllegalArgumentException naming the argument at fault. */
    record Request(String name, @Nullable Object payload, int priority, Instant runAt,
            @Nullable String idempotencyKey) {
    }

    static Request read(Map<String, Object> arguments, Instant now) {
        ToolArguments args = new ToolArguments(arguments);
        String name = FunctionName.check(args.requiredString("name"), "name");
        int priority = args.integer("priority", 0, -1000, 1000);
        String runAt = args.optionalString("run_at");
        if (runAt != null && arguments.get("delay_seconds") != null) {
            throw new IllegalArgumentException("run_at: give run_at or delay_seconds, not both");
        }
        int delay = args.integer("delay_seconds", 0, 0, (int) FURTHEST.toSeconds());
        Instant start = runAt == null ? now.plusSeconds(delay) : instant(runAt, now);
        String idempotencyKey = args.optionalString("idempotency_key");
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
            throw new IllegalArgumentException("idempotency_key: must be 1 to " + MAX_IDEMPOTENCY_KEY
                    + " characters");
        }
        return new Request(name, arguments.get("payload"), priority, start, idempotencyKey);
    }

    private static Instant instant(String text, Instant now) {
        Instant at;
        try {
            at = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("run_at: cannot read '" + text + "'; use an ISO 8601 time with its"
                    + " offset, such as 2026-12-31T23:00:00Z");
        }
        if (at.isBefore(now.minusSeconds(1))) {
            throw new IllegalArgumentException("run_at: " + text + " is in the past; leave run_at out to run the job"
                    + " now, or give a later time");
        }
        if (at.isAfter(now.plus(FURTHEST))) {
            throw new IllegalArgumentException("run_at: " + text + " is more than a year ahead; a job may be"
                    + " scheduled at most 365 days ahead");
        }
        return at;
    }

    /** Blocking. Throws {@link UnknownJob} or IllegalArgumentException (the payload, naming what is wrong). */
    SubmittedJob submit(Caller caller, Request request) {
        BuiltInJob builtIn = builtIns.find(request.name()).orElse(null);
        if (builtIn != null) {
            builtIn.check(caller, request.payload());
            return submit(caller, request, builtIn.maxAttempts(), builtIn.backoff());
        }
        LiveFunctions.Live job = findJob(request.name());
        String invalid = invocations.invalidBody(job, request.payload());
        if (invalid != null) {
            throw new IllegalArgumentException("payload: " + invalid);
        }
        JobDefinition definition = job.function().job();
        return submit(caller, request, definition.maxAttempts(), definition.backoff());
    }

    private SubmittedJob submit(Caller caller, Request request, int maxAttempts, Duration backoff) {
        Object payload = request.payload();
        return queue.submit(new SubmitJobCommand(UUID.randomUUID().toString(), request.name(),
                payload == null ? null : JSON.writeValueAsString(payload),
                payload == null ? null : JSON.writeValueAsString(audit.recordedArguments(secrets, payload)),
                request.priority(),
                request.runAt(), maxAttempts, backoff.toMillis(), request.idempotencyKey(),
                Submitter.of(caller)));
    }

    private LiveFunctions.Live findJob(String name) {
        try {
            LiveFunctions.Live found = live.find(name);
            if (found.function().job() != null) {
                return found;
            }
        } catch (FunctionNotFound e) {
            // named below, with the jobs there are
        }
        List<String> jobs = java.util.stream.Stream.concat(builtIns.names().stream(), deployments.list().stream()
                .filter(f -> f.job() != null).map(DeployedFunction::name)).sorted().toList();
        throw new UnknownJob("name: no job '" + name + "'; the jobs are " + String.join(", ", jobs)
                + " (deploy one with fluxbase functions deploy NAME --file job.js --job)");
    }

    /** The name is no job's: the message lists the jobs there are. */
    static final class UnknownJob extends RuntimeException {

        UnknownJob(String message) {
            super(message, null, false, false);
        }
    }
}
