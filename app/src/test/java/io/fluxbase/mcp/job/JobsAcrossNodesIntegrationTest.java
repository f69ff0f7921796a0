package io.fluxbase.mcp.job;

import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.edge.job.JobRunner;
import io.fluxbase.mcp.support.ChildServer;
import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two server nodes on one database share one job queue: jobs submitted through either run on both nodes, each job
 * once (one attempt, one success, one row under a unique key). Node B is a server process of its own on node A's
 * database, reached through the official SDK client like node A.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobsAcrossNodesIntegrationTest {

    static final String USER = "55555555-5555-5555-5555-555555555555";
    static final int JOBS = 60;

    TestServer nodeA;
    ChildServer nodeB;

    @BeforeAll
    void start() throws Exception {
        nodeA = TestServer.start();
        nodeB = ChildServer.start(Map.of("FLUXBASE_DATABASE_URL", nodeA.server().database().psqlUrl()));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (nodeB != null) {
                nodeB.close();
            }
        } finally {
            nodeA.close();
        }
    }

    @Test
    void jobsSubmittedThroughEitherNodeRunOnBothAndEachOnce() {
        nodeA.applySql("""
                CREATE TABLE public.shared_jobs (job_no int PRIMARY KEY, owner uuid NOT NULL DEFAULT auth.uid());
                ALTER TABLE public.shared_jobs ENABLE ROW LEVEL SECURITY;
                CREATE POLICY "own" ON public.shared_jobs FOR ALL USING (auth.uid() = owner)
                    WITH CHECK (auth.uid() = owner);
                GRANT SELECT, INSERT ON public.shared_jobs TO anon, authenticated;
                """);
        nodeA.admin("POST", "/admin/v1/functions", Map.of("name", "one-row", "job", true, "source", """
                export default async (payload, ctx) => {
                  const { error } = await ctx.db.from('shared_jobs').insert({ job_no: payload.n });
                  if (error) throw new Error(error.message);
                  const end = Date.now() + 100;
                  while (Date.now() < end) { }
                  return payload.n;
                };"""), 201);
        String secret = nodeA.createKey(Map.of("name", "both-nodes", "type", "anon", "scopes",
                List.of("execute:jobs"), "user_id", USER, "rate_limit_per_min", 100_000)).secret();
        McpSyncClient throughA = nodeA.client(secret);
        McpSyncClient throughB = nodeA.client(secret, nodeB.mcpUrl());

        // due together, so that both nodes' workers find work waiting
        String runAt = Instant.now().plusSeconds(5).toString();
        List<String> submitted = new ArrayList<>();
        for (int n = 1; n <= JOBS; n++) {
            McpSyncClient via = n % 2 == 0 ? throughA : throughB;
            submitted.add((String) ok(via.callTool(new McpSchema.CallToolRequest("submit_job", Map.of("name",
                    "one-row", "payload", Map.of("n", n), "run_at", runAt)))).get("job_id"));
        }

        TestServer.await("every job succeeded", () -> {
            JobsIntegrationTest.pause();
            return nodeA.count("SELECT count(*) FROM fluxbase.job_status WHERE status = 'succeeded'") == JOBS;
        });
        assertThat(new HashSet<>(nodeA.rows("SELECT job_id::text AS id FROM fluxbase.job_status").stream()
                .map(row -> row.get("id")).toList())).isEqualTo(new HashSet<>(submitted));
        assertThat(nodeA.count("SELECT count(*) FROM public.shared_jobs")).as("one row per job").isEqualTo(JOBS);
        assertThat(nodeA.count("SELECT count(*) FROM fluxbase.job_status WHERE attempts <> 1")).isZero();
        assertThat(nodeA.count("SELECT count(*) FROM fluxbase.job_steps WHERE step = 'started'"))
                .as("one start per job").isEqualTo(JOBS);
        assertThat(nodeA.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                + " '%JobSucceededEvent'")).as("one success per job").isEqualTo(JOBS);

        List<Map<String, Object>> perNode = nodeA.rows("SELECT node, count(*) AS jobs FROM fluxbase.job_steps"
                + " WHERE step = 'started' GROUP BY node");
        assertThat(perNode).as("jobs run per node: %s", perNode).hasSize(2)
                .allSatisfy(row -> assertThat((Long) row.get("jobs")).isPositive());
        assertThat(perNode).extracting(row -> (String) row.get("node"))
                .anyMatch(node(nodeA)::equals)
                .anyMatch(node -> node.startsWith(nodeB.pid() + "@")); // node names are pid@host/...
    }

    static String node(TestServer server) {
        return server.server().context().getBean(JobRunner.class).node();
    }
}
