package io.fluxbase.mcp.job;

import static io.fluxbase.mcp.support.ChildServer.longs;
import static io.fluxbase.mcp.support.ChildServer.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.ChildServer;
import io.fluxbase.mcp.support.TestServer;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL while the runner works through 200 short jobs: after a restart on the same data directory, every job
 * submitted ends {@code succeeded} with exactly one success in the log, each job's row exists exactly once (a unique
 * key on the job's number), and a job whose attempt the kill interrupted was taken over once its lease ran out, as
 * a second attempt. The server runs as a real child process, killed with SIGKILL.
 */
class KillDuringJobsIntegrationTest {

    static final String USER = "44444444-4444-4444-4444-444444444444";
    static final int JOBS = 200;
    static final Pattern JOB_ID = Pattern.compile("job_id\\\\?\":\\s*\\\\?\"([0-9a-f-]{36})");

    ChildServer server;

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyJobSucceedsOnceAndAnInterruptedOneIsTakenOverAsASecondAttempt() throws Exception {
        server = ChildServer.start();
        server.admin("/admin/v1/db/apply", Map.of("sql", """
                CREATE TABLE public.crash_jobs (job_no int PRIMARY KEY, owner uuid NOT NULL DEFAULT auth.uid());
                ALTER TABLE public.crash_jobs ENABLE ROW LEVEL SECURITY;
                CREATE POLICY "own" ON public.crash_jobs FOR ALL USING (auth.uid() = owner)
                    WITH CHECK (auth.uid() = owner);
                GRANT SELECT, INSERT ON public.crash_jobs TO anon, authenticated;
                """));
        // one row per job; a row that is there already is the work of an attempt the kill interrupted after its
        // write: the job is idempotent, as a job that may be retried should be
        server.admin("/admin/v1/functions", Map.of("name", "one-row", "job", true, "source", """
                export default async (payload, ctx) => {
                  const { error } = await ctx.db.from('crash_jobs').insert({ job_no: payload.n });
                  if (error && !/duplicate|unique/i.test(error.message)) throw new Error(error.message);
                  const end = Date.now() + 100;
                  while (Date.now() < end) { }
                  return { n: payload.n, wrote: !error };
                };"""));
        String secret = server.createKey(Map.of("name", "crash-jobs", "type", "anon",
                "scopes", List.of("execute:jobs"), "user_id", USER, "rate_limit_per_min", 1_000_000));

        String session = server.openSession(secret);
        // all due together once submitted, so the kill finds the workers busy with a queue still behind them
        String runAt = java.time.Instant.now().plusSeconds(15).toString();
        List<String> submitted = new ArrayList<>();
        for (int n = 1; n <= JOBS; n++) {
            HttpResponse<String> answer = server.post(secret, session, """
                    {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"submit_job","arguments":
                     {"name":"one-row","payload":{"n":%d},"run_at":"%s"}}}""".formatted(n, n, runAt), "kill-jobs");
            Matcher id = JOB_ID.matcher(answer.body());
            assertThat(id.find()).as("submission %d: %s", n, answer.body()).isTrue();
            submitted.add(id.group(1));
        }

        long killedPid;
        try (Connection db = server.database()) {
            awaitLong("some jobs done before the kill", Duration.ofSeconds(60), db, () -> single(db,
                    "SELECT count(*) FROM fluxbase.job_queue WHERE status = 'succeeded'") >= 30);
            killedPid = server.kill();
        }
        server.restart();

        try (Connection db = server.database()) {
            String unfinished = "SELECT count(*) FROM fluxbase.job_status WHERE status <> 'succeeded'";
            awaitLong("every job succeeded", Duration.ofSeconds(150), db, () -> single(db, unfinished) == 0
                    && single(db, "SELECT count(*) FROM fluxbase.job_status") == JOBS);
            assertThat(new HashSet<>(strings(db, "SELECT job_id::text FROM fluxbase.job_queue WHERE status ="
                    + " 'succeeded'"))).as("no job lost").isEqualTo(new HashSet<>(submitted));
            assertThat(longs(db, "SELECT job_no FROM public.crash_jobs ORDER BY job_no")).as("one row per job")
                    .hasSize(JOBS).doesNotHaveDuplicates();
            assertThat(longs(db, """
                    SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE '%JobSucceededEvent'
                    GROUP BY aggregate_identifier""")).as("successes per job").hasSize(JOBS).allMatch(n -> n == 1L);
            // each attempt started once, numbered 1, 2, ...; a second attempt only where the killed node held the
            // first and its lease ran out
            assertThat(single(db, """
                    SELECT count(*) FROM fluxbase.job_status s WHERE s.attempts <> (SELECT count(*) FROM
                        fluxbase.job_steps t WHERE t.job_id = s.job_id AND t.step = 'started')""")).isZero();
            String killedNode = killedPid + "@%";
            List<String> interrupted = strings(db, """
                    SELECT job_id::text FROM fluxbase.job_steps t WHERE t.step = 'started' AND t.node LIKE '%s'
                      AND NOT EXISTS (SELECT 1 FROM fluxbase.domain_event_entry e
                          WHERE e.aggregate_identifier = t.job_id::text
                            AND e.payload_type LIKE '%%JobSucceededEvent'
                            AND (convert_from(e.payload, 'UTF8')::jsonb ->> 'attempt')::int = t.attempt)"""
                    .formatted(killedNode));
            assertThat(interrupted).as("jobs the kill interrupted").isNotEmpty();
            for (String jobId : interrupted) {
                assertThat(strings(db, "SELECT step || ':' || coalesce(attempt::text, '') || ':'"
                        + " || coalesce(node, '') FROM fluxbase.job_steps WHERE job_id = '" + jobId
                        + "' AND step IN ('started', 'retry_scheduled', 'succeeded') ORDER BY seq"))
                        .as("steps of interrupted job %s", jobId)
                        .hasSize(4)
                        .satisfies(steps -> {
                            assertThat(steps.get(0)).startsWith("started:1:" + killedPid + "@");
                            assertThat(steps.get(1)).startsWith("retry_scheduled");
                            assertThat(steps.get(2)).startsWith("started:2:").doesNotContain(killedPid + "@");
                            assertThat(steps.get(3)).startsWith("succeeded");
                        });
            }
            assertThat(single(db, "SELECT count(*) FROM fluxbase.job_status WHERE attempts > 1"))
                    .as("only interrupted jobs ran again").isEqualTo(interrupted.size());
        }
    }

    /** Interrupted jobs wait out their 30-second lease: bounds longer than {@link TestServer#await}'s. */
    static void awaitLong(String what, Duration bound, Connection db, java.util.function.BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; jobs by status: " + strings(db,
                        "SELECT q.status || ' ' || count(*) || ' ' || coalesce(max(s.error), '') FROM fluxbase.job_queue"
                        + " q LEFT JOIN fluxbase.job_status s USING (job_id) GROUP BY q.status"));
            }
            Thread.sleep(500);
        }
    }

    static List<String> strings(Connection db, String sql) throws java.sql.SQLException {
        List<String> values = new ArrayList<>();
        try (var rs = db.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
