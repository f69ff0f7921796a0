package io.fluxbase.mcp.job;

import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static io.fluxbase.mcp.support.ToolAnswers.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.support.FluxbaseCommand;
import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Background jobs end to end, through the real MCP client and the CLI: a job deployed with {@code --job} is submitted
 * with submit_job, run by the node's runner under the submitter's role, followed with get_job_status, and cancelled
 * or retried by the operator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobsIntegrationTest {

    static final String ANN = "11111111-1111-1111-1111-111111111111";
    static final String BOB = "22222222-2222-2222-2222-222222222222";

    TestServer server;
    McpSyncClient ann;
    McpSyncClient annElsewhere;
    McpSyncClient bob;

    @BeforeAll
    void start() {
        server = TestServer.start(Map.of("FLUXBASE_JOBS_MAX_QUEUED_PER_KEY", "12"));
        server.applySql("""
                CREATE TABLE public.job_notes (id bigserial PRIMARY KEY, user_id uuid NOT NULL DEFAULT auth.uid(),
                    title text NOT NULL);
                ALTER TABLE public.job_notes ENABLE ROW LEVEL SECURITY;
                CREATE POLICY "own notes" ON public.job_notes FOR ALL USING (auth.uid() = user_id)
                    WITH CHECK (auth.uid() = user_id);
                GRANT SELECT, INSERT ON public.job_notes TO authenticated;
                GRANT USAGE ON SEQUENCE public.job_notes_id_seq TO authenticated;
                INSERT INTO public.job_notes (user_id, title) VALUES ('%s', 'bob secret');
                """.formatted(BOB));
        ann = server.client(key("ann", ANN));
        annElsewhere = server.client(key("ann-laptop", ANN));
        bob = server.client(key("bob", BOB));
        deploy("notes", """
                export default async (payload, ctx) => {
                  await ctx.progress(10, 'starting');
                  const { error } = await ctx.db.from('job_notes').insert({ title: payload.title });
                  if (error) throw new Error(error.message);
                  await ctx.progress(50, 'half way');
                  const { data } = await ctx.db.from('job_notes').select('title');
                  return { titles: data.map(n => n.title), by: ctx.caller.user_id };
                };""", Map.of("input_schema", Map.of("type", "object", "required", List.of("title"),
                "properties", Map.of("title", Map.of("type", "string")))));
        deploy("flaky", """
                export default async (payload, ctx) => {
                  await ctx.db.from('job_notes').insert({ title: 'flaky ' + payload.run });
                  const { data } = await ctx.db.from('job_notes').select('title').eq('title', 'flaky ' + payload.run);
                  if (data.length < 3) throw new Error('not yet: try ' + data.length);
                  return data.length;
                };""", Map.of("max_attempts", 3, "backoff", "1s"));
        deploy("doomed", "export default async () => { throw new Error('always broken'); };",
                Map.of("max_attempts", 2, "backoff", "500ms"));
        deploy("slow", """
                export default async (payload, ctx) => {
                  await ctx.progress(5, 'looping');
                  const end = Date.now() + 25000;
                  while (Date.now() < end) { }
                  return 'finished';
                };""", Map.of("timeout", "30s"));
        deploy("checked", "export default async () => 'ran';", Map.of("max_attempts", 3, "backoff", "3s"));
        server.applySql("CREATE FUNCTION public.job_nap(seconds float8) RETURNS int LANGUAGE sql AS"
                + " 'SELECT 1 FROM pg_sleep(seconds)';");
        deploy("napper", """
                export default async (payload, ctx) => {
                  const { error } = await ctx.rpc('job_nap', { seconds: payload.seconds });
                  if (error) throw new Error(error.message);
                  return payload.tag;
                };""", Map.of());
        server.admin("POST", "/admin/v1/functions", Map.of("name", "plain", "source",
                "export default async () => 'not a job';"), 201);
        deploy("keyholder", "export default async (payload) => [...payload.api_key].reverse().join('');", Map.of());
        server.applySql("CREATE TABLE public.job_numbers (n int); GRANT INSERT ON public.job_numbers TO authenticated;");
        deploy("typo", """
                export default async (payload, ctx) => {
                  const { error } = await ctx.db.from('job_numbers').insert({ n: payload.value });
                  if (error) throw new Error(error.message);
                  return 'stored';
                };""", Map.of("max_attempts", 1));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    String key(String name, String user) {
        // the tests poll get_job_status: a high rate limit keeps them from being throttled
        return server.createKey(Map.of("name", name, "type", "anon", "scopes", List.of("execute:jobs"),
                "user_id", user, "rate_limit_per_min", 100_000)).secret();
    }

    void deploy(String name, String source, Map<String, Object> more) {
        Map<String, Object> body = new HashMap<>(more);
        body.put("name", name);
        body.put("source", source);
        body.put("job", true);
        server.admin("POST", "/admin/v1/functions", body, 201);
    }

    static McpSchema.CallToolResult submit(McpSyncClient client, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest("submit_job", arguments));
    }

    static McpSchema.CallToolResult status(McpSyncClient client, String jobId) {
        return client.callTool(new McpSchema.CallToolRequest("get_job_status", Map.of("job_id", jobId)));
    }

    /** Waits (bounded) until the job's status is {@code expected}, and returns it. */
    static Map<String, Object> awaitStatus(McpSyncClient client, String jobId, String expected) {
        Map<String, Object>[] last = new Map[1];
        TestServer.await("job " + jobId + " " + expected, () -> {
            pause();
            McpSchema.CallToolResult answer = status(client, jobId);
            last[0] = Boolean.TRUE.equals(answer.isError()) ? null : ok(answer);
            return last[0] != null && expected.equals(last[0].get("status"));
        });
        return last[0];
    }

    /** Between two looks at a job: the runner, not the test, should have the CPU. */
    static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> steps(Map<String, Object> job) {
        return ((List<Map<String, Object>>) job.get("steps")).stream().map(step -> (String) step.get("step"))
                .toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aJobRunsUnderItsSubmittersRoleReportsProgressAndKeepsItsResult() {
        Map<String, Object> submitted = ok(submit(ann, Map.of("name", "notes", "payload", Map.of("title", "ann's"))));
        assertThat(submitted).containsEntry("status", "queued").containsEntry("created", true);
        String jobId = (String) submitted.get("job_id");
        assertThat(ok(status(ann, jobId))).as("known at once, though the read model follows a moment behind")
                .containsEntry("job_id", jobId);

        Map<String, Object> done = awaitStatus(ann, jobId, "succeeded");
        assertThat((Map<String, Object>) done.get("result")).containsEntry("titles", List.of("ann's"))
                .containsEntry("by", ANN);
        assertThat(done).containsEntry("progress", 100).containsEntry("progress_message", "half way")
                .containsEntry("attempts", 1);
        assertThat(steps(done)).containsExactly("submitted", "started", "succeeded");
        assertThat(done.get("started_at")).isNotNull();
        assertThat(done.get("finished_at")).isNotNull();

        TestServer.await("the attempt's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE category = 'jobs' AND target = 'notes' AND outcome = 'ok' AND user_id = ?::uuid",
                ANN) == 1);
        String callId = (String) server.rows("SELECT call_id FROM fluxbase.audit_log WHERE category = 'jobs'"
                + " AND target = 'notes'").get(0).get("call_id");
        assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                + " '%RecordsInsertedEvent' AND convert_from(payload, 'UTF8')::jsonb ->> 'callId' = ?", callId))
                .as("the job's write carries its attempt's call id").isOne();
        assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                + " '%JobProgressedEvent' AND aggregate_identifier = ?", jobId)).isEqualTo(2);
        assertThat(FluxbaseCommand.run(server, "logs", "list", "--category", "jobs", "-o", "json").out())
                .contains(callId).contains("jobs/run");
    }

    @Test
    void aFailingJobIsRetriedAfterItsBackoffUntilItSucceeds() {
        String jobId = (String) ok(submit(ann, Map.of("name", "flaky", "payload", Map.of("run", "a")))).get("job_id");
        Map<String, Object> done = awaitStatus(ann, jobId, "succeeded");
        assertThat(done).containsEntry("attempts", 3).containsEntry("result", 3);
        assertThat(steps(done)).containsExactly("submitted", "started", "retry_scheduled", "started",
                "retry_scheduled", "started", "succeeded");
        List<Map<String, Object>> times = server.rows("SELECT step, at FROM fluxbase.job_steps WHERE job_id = ?::uuid"
                + " ORDER BY seq", jobId);
        // the second retry waits twice the backoff
        assertThat(between(times, 2, 3)).isGreaterThanOrEqualTo(900);
        assertThat(between(times, 4, 5)).isGreaterThanOrEqualTo(1900);
        TestServer.await("three attempts' records", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE category = 'jobs' AND target = 'flaky'") == 3);
    }

    static long between(List<Map<String, Object>> steps, int from, int to) {
        return ((java.sql.Timestamp) steps.get(to).get("at")).getTime()
                - ((java.sql.Timestamp) steps.get(from).get("at")).getTime();
    }

    @Test
    void theLastFailureIsFinalAndAnOperatorCanRetry() {
        String jobId = (String) ok(submit(ann, Map.of("name", "doomed"))).get("job_id");
        Map<String, Object> failed = awaitStatus(ann, jobId, "failed");
        assertThat(failed).containsEntry("attempts", 2);
        assertThat((String) failed.get("error")).contains("always broken");
        assertThat(steps(failed)).containsExactly("submitted", "started", "retry_scheduled", "started", "failed");

        FluxbaseCommand.Run cancel = FluxbaseCommand.run(server, "jobs", "cancel", jobId);
        assertThat(cancel.exit()).isNotZero();
        assertThat(cancel.err()).contains("has already failed");

        assertThat(FluxbaseCommand.json(FluxbaseCommand.run(server, "jobs", "retry", jobId, "-o", "json")))
                .containsEntry("status", "queued");
        TestServer.await("two more attempts", () -> {
            pause();
            Map<String, Object> job = ok(status(ann, jobId));
            return "failed".equals(job.get("status")) && Integer.valueOf(4).equals(job.get("attempts"));
        });
    }

    @Test
    void aQueuedJobCancelledNeverStarts() {
        String jobId = (String) ok(submit(ann, Map.of("name", "notes", "payload", Map.of("title", "later"),
                "delay_seconds", 3600))).get("job_id");
        awaitStatus(ann, jobId, "queued");
        FluxbaseCommand.Run cancel = FluxbaseCommand.run(server, "jobs", "cancel", jobId);
        assertThat(cancel.exit()).as(cancel.err()).isZero();
        assertThat(steps(awaitStatus(ann, jobId, "cancelled"))).containsExactly("submitted", "cancelled");

        FluxbaseCommand.Run again = FluxbaseCommand.run(server, "jobs", "cancel", jobId);
        assertThat(again.exit()).isNotZero();
        assertThat(again.err()).contains("has already cancelled");
    }

    /** Any login may NOTIFY on the jobs' channel; a notice naming a job the queue did not cancel stops nothing. */
    @Test
    void aForgedCancelNoticeStopsNoJob() {
        String jobId = (String) ok(submit(ann, Map.of("name", "napper", "payload", Map.of("seconds", 4,
                "tag", "slept through")))).get("job_id");
        awaitStatus(ann, jobId, "running");
        server.applySql("SELECT pg_notify('fluxbase_jobs', 'cancel:" + jobId + "');");
        Map<String, Object> done = awaitStatus(ann, jobId, "succeeded");
        assertThat(done).containsEntry("result", "slept through").containsEntry("attempts", 1);
    }

    @Test
    void aRunningJobCancelledStopsAndKeepsNoResult() {
        String jobId = (String) ok(submit(ann, Map.of("name", "slow"))).get("job_id");
        TestServer.await("the job looping", () -> {
            pause();
            Map<String, Object> job = ok(status(ann, jobId));
            return "running".equals(job.get("status")) && Integer.valueOf(5).equals(job.get("progress"));
        });
        server.admin("POST", "/admin/v1/jobs/" + jobId + "/cancel", null, 200);
        awaitStatus(ann, jobId, "cancelled");
        TestServer.await("the stopped attempt's record", () -> server.count("SELECT count(*) FROM"
                + " fluxbase.audit_log WHERE category = 'jobs' AND target = 'slow' AND message LIKE '%cancelled'")
                == 1);
        Map<String, Object> job = ok(status(ann, jobId));
        assertThat(job).containsEntry("status", "cancelled").containsEntry("result", null);
    }

    @Test
    void aJobWhoseNodeStoppedIsTakenOverAsANewAttemptOnceItsLeaseRunsOut() {
        String jobId = (String) ok(submit(ann, Map.of("name", "slow"))).get("job_id");
        TestServer.await("the first attempt looping", () -> {
            pause();
            return Integer.valueOf(5).equals(ok(status(ann, jobId)).get("progress"));
        });
        // as if its node had died: the lease belongs to a node that renews nothing and it has run out
        server.rows("WITH gone AS (UPDATE fluxbase.job_queue SET lease_owner = 'dead-node',"
                + " lease_until = now() - interval '1 second' WHERE job_id = ?::uuid RETURNING job_id)"
                + " SELECT pg_notify('fluxbase_jobs', 'work') FROM gone", jobId);
        TestServer.await("the second attempt looping", () -> {
            pause();
            Map<String, Object> job = ok(status(ann, jobId));
            return Integer.valueOf(2).equals(job.get("attempts")) && Integer.valueOf(5).equals(job.get("progress"));
        });
        Map<String, Object> job = ok(status(ann, jobId));
        assertThat(steps(job)).containsExactly("submitted", "started", "retry_scheduled", "started");
        assertThat(job.get("steps").toString()).contains("dead-node").contains("lease expired");
        server.admin("POST", "/admin/v1/jobs/" + jobId + "/cancel", null, 200);
        awaitStatus(ann, jobId, "cancelled");
    }

    @Test
    void aRevokedKeysQueuedJobDoesNotRun() {
        TestServer.Key carol = server.createKey(Map.of("name", "carol", "type", "anon", "scopes",
                List.of("execute:jobs"), "user_id", ANN, "rate_limit_per_min", 100_000));
        String jobId = (String) ok(submit(server.client(carol.secret()), Map.of("name", "doomed",
                "delay_seconds", 2))).get("job_id");
        server.admin("POST", "/admin/v1/clientkeys/" + carol.id() + "/revoke", null, 200);
        // its user's other key still sees the job; it fails at its first attempt without running, since every
        // other attempt would find the key revoked too
        Map<String, Object> failed = awaitStatus(ann, jobId, "failed");
        assertThat((String) failed.get("error")).contains("is revoked");
        assertThat(failed.get("attempts")).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM fluxbase.function_executions WHERE name = 'doomed'"
                + " AND key_id = ?", carol.id())).as("never ran").isZero();
        TestServer.await("the attempt's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE category = 'jobs' AND key_id = ? AND error_code = 'key_revoked'", carol.id()) == 1);
    }

    @Test
    void aKeyRevokedWhileItsJobRunsStopsThatJobWithinSeconds() {
        TestServer.Key dave = server.createKey(Map.of("name", "dave", "type", "anon", "scopes",
                List.of("execute:jobs"), "user_id", ANN, "rate_limit_per_min", 100_000));
        String jobId = (String) ok(submit(server.client(dave.secret()), Map.of("name", "slow"))).get("job_id");
        awaitStatus(ann, jobId, "running");
        long revoked = System.nanoTime();
        server.admin("POST", "/admin/v1/clientkeys/" + dave.id() + "/revoke", null, 200);

        Map<String, Object> failed = awaitStatus(ann, jobId, "failed");
        assertThat((System.nanoTime() - revoked) / 1e9).as("stopped long before its 25 s loop ends").isLessThan(10);
        assertThat((String) failed.get("error")).contains("is revoked");
        assertThat(failed.get("attempts")).as("failed for good, not retried").isEqualTo(1);
        TestServer.await("the attempt's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE category = 'jobs' AND key_id = ? AND error_code = 'key_revoked'"
                + " AND message LIKE '%stopped while running%'", dave.id()) == 1);
    }

    /** The job runs with its payload as sent; the command log keeps it as call records keep arguments. */
    @Test
    void aPayloadsSecretsReachTheJobButNotTheLog() {
        String jobId = (String) ok(submit(ann, Map.of("name", "keyholder", "payload", Map.of("api_key",
                "sk-live-4242", "nested", Map.of("password", "hunter2-4242"), "title", "visible-4242"))))
                .get("job_id");
        Map<String, Object> done = awaitStatus(ann, jobId, "succeeded");
        assertThat(done.get("result")).as("the job saw the real key").isEqualTo("2424-evil-ks");
        String logged = (String) server.rows("SELECT convert_from(payload, 'UTF8') AS event FROM"
                + " fluxbase.domain_event_entry WHERE payload_type LIKE '%JobSubmittedEvent'"
                + " AND convert_from(payload, 'UTF8') LIKE '%visible-4242%'").getFirst().get("event");
        assertThat(logged).contains("[redacted]").doesNotContain("sk-live-4242", "hunter2-4242");
        assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE convert_from(payload,"
                + " 'UTF8') LIKE '%sk-live-4242%' OR convert_from(payload, 'UTF8') LIKE '%hunter2-4242%'"))
                .as("no event carries the secrets").isZero();
    }

    /** What PostgreSQL quotes back from a job's values stays out of its record and its events. */
    @Test
    void aJobsFailureKeepsNoValueItsStatementQuoted() {
        TestServer.Key erin = server.createKey(Map.of("name", "erin", "type", "anon", "scopes",
                List.of("execute:jobs"), "user_id", ANN, "rate_limit_per_min", 100_000));
        String jobId = (String) ok(submit(server.client(erin.secret()), Map.of("name", "typo", "payload",
                Map.of("value", "alice-pin-7731")))).get("job_id");
        Map<String, Object> failed = awaitStatus(ann, jobId, "failed");
        assertThat((String) failed.get("error")).contains("invalid input syntax for type integer")
                .doesNotContain("alice-pin-7731");
        TestServer.await("the attempt's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE category = 'jobs' AND key_id = ? AND message LIKE '%invalid input syntax%'", erin.id()) == 1);
        assertThat(server.count("SELECT count(*) FROM fluxbase.audit_log WHERE message LIKE '%alice-pin-7731%'"))
                .isZero();
        // the submission keeps its payload (no secret name), and the run's execution record the function's error as
        // the function wrote it, as it keeps its log lines; the job's own events do not
        assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type SIMILAR TO"
                + " '%(JobRetryScheduledEvent|JobFailedEvent|CallRecordedEvent)' AND convert_from(payload, 'UTF8')"
                + " LIKE '%alice-pin-7731%'")).isZero();
    }

    @Test
    void aJobWhoseKeyCannotBeCheckedDoesNotRunThatAttempt() {
        String jobId = (String) ok(submit(ann, Map.of("name", "checked", "delay_seconds", 2))).get("job_id");
        // the key registry unreadable while the attempt starts, as a database fault would leave it
        server.executeAsServer("ALTER TABLE fluxbase.key_registry RENAME TO key_registry_away");
        try {
            TestServer.await("the first attempt failing", () -> server.count("SELECT count(*) FROM fluxbase.job_steps"
                    + " WHERE job_id = ?::uuid AND step = 'retry_scheduled'", jobId) == 1);
        } finally {
            server.executeAsServer("ALTER TABLE fluxbase.key_registry_away RENAME TO key_registry");
        }
        Map<String, Object> done = awaitStatus(ann, jobId, "succeeded");
        assertThat(steps(done)).containsExactly("submitted", "started", "retry_scheduled", "started", "succeeded");
        assertThat(done.get("steps").toString()).contains("could not check that the key which submitted the job");
        assertThat(server.count("SELECT count(*) FROM fluxbase.function_executions WHERE name = 'checked'"))
                .as("ran on the second attempt only").isOne();
        TestServer.await("both attempts' records", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE category = 'jobs' AND target = 'checked'") == 2);
        assertThat(server.count("SELECT count(*) FROM fluxbase.audit_log WHERE category = 'jobs'"
                + " AND target = 'checked' AND error_code = 'internal_error'")).isOne();
    }

    /**
     * Ann fills both workers and queues a third job, all at the top priority; Bob's job, at the lowest, still runs
     * next: a worker that comes free takes the job of the key with the fewest jobs running.
     */
    @Test
    void oneKeysJobsAtTopPriorityDoNotKeepAnotherKeysJobWaiting() {
        List<String> anns = new ArrayList<>();
        // a2 outlasts a1, so that when a1 ends Ann still has a job running
        for (Map.Entry<String, Integer> job : List.of(Map.entry("a1", 2), Map.entry("a2", 6), Map.entry("a3", 1))) {
            anns.add((String) ok(submit(ann, Map.of("name", "napper", "priority", 1000,
                    "payload", Map.of("seconds", job.getValue(), "tag", job.getKey())))).get("job_id"));
        }
        TestServer.await("ann's first two jobs running", () -> server.count("SELECT count(*) FROM fluxbase.job_queue"
                + " WHERE status = 'running' AND key_id = (SELECT key_id FROM fluxbase.job_queue WHERE job_id ="
                + " ?::uuid)", anns.get(0)) == 2);
        String bobs = (String) ok(submit(bob, Map.of("name", "napper", "priority", -1000,
                "payload", Map.of("seconds", 0, "tag", "b1")))).get("job_id");

        awaitStatus(bob, bobs, "succeeded");
        Map<String, Object> third = awaitStatus(ann, anns.get(2), "succeeded");
        assertThat(started(bobs)).as("bob's job started before ann's third").isBefore(started(anns.get(2)));
        assertThat(third).containsEntry("result", "a3");
    }

    Instant started(String jobId) {
        return ((java.sql.Timestamp) server.rows("SELECT min(at) AS at FROM fluxbase.job_steps WHERE job_id = ?::uuid"
                + " AND step = 'started'", jobId).get(0).get("at")).toInstant();
    }

    /** This server lets a key have 12 jobs queued or running (jobs.max_queued_per_key). */
    @Test
    void aKeyMayHaveOnlySoManyJobsQueuedOrRunning() {
        McpSyncClient dora = server.client(key("dora", ANN));
        List<String> queued = new ArrayList<>();
        Map<String, Object> first = Map.of("name", "notes", "payload", Map.of("title", "first"), "delay_seconds", 3600,
                "idempotency_key", "dora-first");
        queued.add((String) ok(submit(dora, first)).get("job_id"));
        for (int i = 1; i < 12; i++) {
            queued.add((String) ok(submit(dora, Map.of("name", "notes", "payload", Map.of("title", "later " + i),
                    "delay_seconds", 3600))).get("job_id"));
        }
        McpSchema.CallToolResult refused = submit(dora, Map.of("name", "notes", "payload", Map.of("title", "13th"),
                "delay_seconds", 3600));
        assertThat(refusal(refused)).contains("already has 12 jobs queued or running")
                .contains("jobs.max_queued_per_key");
        // a repeat of a submission is no new job; another key has its own 12
        assertThat(ok(submit(dora, first))).containsEntry("job_id", queued.getFirst()).containsEntry("created", false);
        assertThat(ok(submit(annElsewhere, Map.of("name", "notes", "payload", Map.of("title", "mine"),
                "delay_seconds", 3600)))).containsEntry("status", "queued");
        server.admin("POST", "/admin/v1/jobs/" + queued.getFirst() + "/cancel", null, 200);
        assertThat(ok(submit(dora, Map.of("name", "notes", "payload", Map.of("title", "13th"),
                "delay_seconds", 3600)))).containsEntry("status", "queued");
        assertThat(server.count("SELECT count(*) FROM fluxbase.job_queue WHERE status = 'queued' AND key_id ="
                + " (SELECT key_id FROM fluxbase.job_queue WHERE job_id = ?::uuid)", queued.get(1))).isEqualTo(12);
    }

    @Test
    void theSameIdempotencyKeyFromTheSameKeyGivesTheSameJob() {
        Map<String, Object> arguments = Map.of("name", "notes", "payload", Map.of("title", "once"),
                "idempotency_key", "order-42", "delay_seconds", 3600);
        Map<String, Object> first = ok(submit(ann, arguments));
        Map<String, Object> second = ok(submit(ann, arguments));
        assertThat(second.get("job_id")).isEqualTo(first.get("job_id"));
        assertThat(second).containsEntry("created", false);
        Map<String, Object> bobs = ok(submit(bob, arguments));
        assertThat(bobs.get("job_id")).as("another key's key is its own").isNotEqualTo(first.get("job_id"));
    }

    @Test
    void aKeySeesOnlyItsOwnAndItsUsersJobs() {
        String jobId = (String) ok(submit(ann, Map.of("name", "notes", "payload", Map.of("title", "mine"),
                "delay_seconds", 3600))).get("job_id");
        awaitStatus(ann, jobId, "queued");
        awaitStatus(annElsewhere, jobId, "queued");
        String refused = refusal(status(bob, jobId));
        assertThat(refused).contains("no job '" + jobId + "'").doesNotContainIgnoringCase("forbidden");
        assertThat(refusal(status(bob, "not-a-uuid"))).isEqualTo(refused.replace(jobId, "not-a-uuid"));
    }

    @Test
    void aKeysJobIsReadUnderTheKeysRoleNeverOnTheServersOwnConnections() {
        String jobId = (String) ok(submit(ann, Map.of("name", "notes", "payload", Map.of("title", "asked as ann"),
                "delay_seconds", 3600))).get("job_id");
        awaitStatus(ann, jobId, "queued");
        // with the key's role unable to ask the gate, the job is not answered from the server's pool instead
        server.executeAsServer("REVOKE EXECUTE ON FUNCTION fluxbase_gate.job_status(text, uuid) FROM authenticated");
        try {
            assertThatThrownBy(() -> status(ann, jobId)).hasMessageContaining("internal error")
                    .hasMessageNotContaining("asked as ann").hasMessageNotContaining("queued");
            // the operator's reads are the server's own
            assertThat(server.admin("GET", "/admin/v1/jobs/" + jobId, null, 200)).containsEntry("status", "queued");
        } finally {
            server.executeAsServer("GRANT EXECUTE ON FUNCTION fluxbase_gate.job_status(text, uuid) TO authenticated");
        }
        assertThat(ok(status(ann, jobId))).containsEntry("status", "queued").containsEntry("job_id", jobId);
    }

    /**
     * A job just submitted is in the queue before it reaches the read model, and a key that asks for it then waits
     * for it. Whether the queue holds a job the key may see is asked under the key's role too.
     */
    @Test
    void whetherTheQueueHoldsAKeysJobIsAskedUnderTheKeysRole() throws Exception {
        String jobId = UUID.randomUUID().toString();
        // accepted for ann's user by another of her keys, not in the read model, not due for a day: no worker runs it
        server.executeAsServer("INSERT INTO fluxbase.job_queue (job_id, name, status, run_at, key_id, key_type,"
                + " db_role, user_id, scopes) VALUES ('" + jobId + "', 'notes', 'queued', now() + interval '1 day',"
                + " 'a-key-of-anns', 'anon', 'authenticated', '" + ANN + "', '{}')");
        try {
            assertThat(refusal(status(bob, jobId))).contains("no job '" + jobId + "'");
            // the read model catches up a second after ann asks: she is answered with the job, not "not found"
            CompletableFuture<Void> catchUp = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                server.executeAsServer("INSERT INTO fluxbase.job_status (job_id, name, status, max_attempts, priority,"
                        + " key_id, user_id, submitted_at, run_at, last_seq) VALUES ('" + jobId + "', 'notes',"
                        + " 'queued', 1, 0, 'a-key-of-anns', '" + ANN + "', now(), now() + interval '1 day', 0)");
            });
            assertThat(ok(status(ann, jobId))).containsEntry("job_id", jobId).containsEntry("status", "queued");
            catchUp.get();
            server.executeAsServer("DELETE FROM fluxbase.job_status WHERE job_id = '" + jobId + "'");
            // with the key's role unable to ask the gate, the queue is not asked on the server's own connections
            server.executeAsServer("REVOKE EXECUTE ON FUNCTION fluxbase_gate.job_queued(text, uuid)"
                    + " FROM authenticated");
            try {
                assertThatThrownBy(() -> status(ann, jobId)).hasMessageContaining("internal error");
            } finally {
                server.executeAsServer("GRANT EXECUTE ON FUNCTION fluxbase_gate.job_queued(text, uuid)"
                        + " TO authenticated");
            }
        } finally {
            server.executeAsServer("DELETE FROM fluxbase.job_status WHERE job_id = '" + jobId + "';"
                    + " DELETE FROM fluxbase.job_queue WHERE job_id = '" + jobId + "'");
        }
    }

    @Test
    void badSubmissionsAreRefusedSayingWhatToChange() {
        assertThat(refusal(submit(ann, Map.of("name", "nope")))).contains("no job 'nope'")
                .contains("checked, doomed, export_table, flaky, keyholder, napper, notes, slow, typo").doesNotContain("plain");
        assertThat(refusal(submit(ann, Map.of("name", "plain")))).contains("no job 'plain'");
        assertThat(refusal(submit(ann, Map.of("name", "notes", "payload", Map.of("titel", "x")))))
                .startsWith("payload:").contains("title");
        assertThat(refusal(submit(ann, Map.of("name", "notes", "payload", Map.of("title", "x"),
                "run_at", "2020-01-01T00:00:00Z")))).startsWith("run_at:").contains("in the past");
        assertThat(refusal(submit(ann, Map.of("name", "notes", "payload", Map.of("title", "x"),
                "run_at", Instant.now().plusSeconds(400L * 24 * 3600).toString()))))
                .startsWith("run_at:").contains("more than a year ahead");
        assertThat(refusal(submit(ann, Map.of("name", "notes", "run_at", Instant.now().plusSeconds(60).toString(),
                "delay_seconds", 5)))).contains("not both");

        String tablesOnly = server.createKey("tables-only", "service", "read:tables").secret();
        McpSchema.CallToolResult denied = server.client(tablesOnly).callTool(
                new McpSchema.CallToolRequest("submit_job", Map.of("name", "notes")));
        assertThat(refusal(denied)).contains("execute:jobs");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCliListsAndShowsJobs() {
        String jobId = (String) ok(submit(bob, Map.of("name", "notes", "payload", Map.of("title", "bob's"))))
                .get("job_id");
        Map<String, Object> done = awaitStatus(bob, jobId, "succeeded");
        assertThat((Map<String, Object>) done.get("result")).containsEntry("titles", List.of("bob secret", "bob's"));

        Map<String, Object> listed = FluxbaseCommand.json(FluxbaseCommand.run(server, "jobs", "list", "--status",
                "succeeded", "--name", "notes", "--since", "1h", "-o", "json"));
        assertThat((List<Map<String, Object>>) listed.get("jobs")).extracting(job -> job.get("job_id"))
                .contains(jobId);
        Map<String, Object> shown = FluxbaseCommand.json(FluxbaseCommand.run(server, "jobs", "get", jobId, "-o",
                "json"));
        assertThat(shown).containsEntry("status", "succeeded").containsEntry("attempts", 1);
        FluxbaseCommand.Run table = FluxbaseCommand.run(server, "jobs", "get", jobId);
        assertThat(table.out()).contains("succeeded").contains("Steps:").contains("started attempt 1 on");
        assertThat(FluxbaseCommand.run(server, "jobs", "list").out()).contains(jobId);
        FluxbaseCommand.Run missing = FluxbaseCommand.run(server, "jobs", "get",
                "00000000-0000-0000-0000-000000000000");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("no job");
    }

    @Test
    @SuppressWarnings("unchecked")
    void followPrintsEachChangeUntilTheJobEnds() {
        String jobId = (String) ok(submit(ann, Map.of("name", "notes", "payload", Map.of("title", "followed"))))
                .get("job_id");
        FluxbaseCommand.Run followed = FluxbaseCommand.run(server, "jobs", "get", jobId, "--follow", "-o", "json");
        assertThat(followed.exit()).as(followed.err()).isZero();
        List<Map<String, Object>> changes = followed.out().lines()
                .map(line -> (Map<String, Object>) TestServer.JSON.readValue(line, Map.class)).toList();
        assertThat(changes).isNotEmpty().allSatisfy(job -> assertThat(job).containsEntry("job_id", jobId));
        assertThat(changes.getLast()).containsEntry("status", "succeeded").containsEntry("progress", 100);
        List<String> states = changes.stream().map(job -> job.get("status") + " " + job.get("progress") + " "
                + job.get("progress_message")).toList();
        assertThat(states).as("one line per change").doesNotHaveDuplicates();
        List<String> order = List.of("queued", "running", "succeeded");
        assertThat(changes.stream().map(job -> order.indexOf((String) job.get("status"))).toList())
                .as("statuses in lifecycle order").isSorted();

        FluxbaseCommand.Run table = FluxbaseCommand.run(server, "jobs", "get", jobId, "--follow");
        assertThat(table.out().strip()).startsWith("succeeded 100% half way (attempt 1/")
                .contains("\"titles\"").doesNotContain("\n");

        String doomed = (String) ok(submit(ann, Map.of("name", "doomed"))).get("job_id");
        FluxbaseCommand.Run failed = FluxbaseCommand.run(server, "jobs", "get", doomed, "--follow");
        assertThat(failed.exit()).as("a job that did not succeed").isOne();
        assertThat(failed.out().lines().toList().getLast()).startsWith("failed ").contains("always broken");
        assertThat(FluxbaseCommand.run(server, "jobs", "get", doomed, "--follow", "-o", "csv").exit()).isNotZero();
    }
}
