package io.fluxbase.mcp.security;

import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static io.fluxbase.mcp.support.ToolAnswers.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.kernel.caller.LogGateKey;
import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A caller's SQL cannot get past the key's role (DESIGN §4), tried as an attacker would with the kind of helper
 * functions projects really have: a "run this query" function and one that executes statements, called through
 * invoke_rpc by a key bound to a user. Each attack must fail and leave nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallerIsolationIntegrationTest {

    static final String ALICE = "11111111-1111-1111-1111-111111111111";
    static final String BOB = "22222222-2222-2222-2222-222222222222";

    /** Query texts a connection for kernel-built SQL keeps prepared at most (CallerPools, the README)... */
    static final int BUILT_SHAPES_KEPT = 6;
    /** ...a table read's being this many statements on the server, BEGIN to COMMIT. */
    static final int STATEMENTS_PER_READ = 7;

    static final String SCHEMA = """
            CREATE TABLE public.notes (id int PRIMARY KEY, owner uuid NOT NULL DEFAULT auth.uid(), body text NOT NULL,
                secret_note text);
            ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
            CREATE POLICY "own notes" ON public.notes FOR ALL USING (auth.uid() = owner) WITH CHECK (auth.uid() = owner);
            -- the key roles may write every column but never read secret_note
            REVOKE SELECT ON public.notes FROM anon, authenticated;
            GRANT SELECT (id, owner, body) ON public.notes TO anon, authenticated;
            CREATE FUNCTION public.run_sql(q text) RETURNS jsonb LANGUAGE plpgsql AS $$
            DECLARE result jsonb;
            BEGIN
                EXECUTE 'SELECT coalesce(jsonb_agg(to_jsonb(r)), ''[]'') FROM (' || q || ') r' INTO result;
                RETURN result;
            END $$;
            CREATE FUNCTION public.exec_sql(q text) RETURNS text LANGUAGE plpgsql AS $$
            BEGIN
                EXECUTE q;
                RETURN current_user;
            END $$;
            CREATE FUNCTION public.session_state() RETURNS jsonb LANGUAGE sql AS $$
                SELECT jsonb_build_object('user', current_user, 'timezone', current_setting('timezone'),
                    'flag', coalesce(current_setting('app.flag', true), ''),
                    'search_path', current_setting('search_path'),
                    'statement_timeout', current_setting('statement_timeout'),
                    'prepared', (SELECT count(*) FROM pg_prepared_statements WHERE from_sql),
                    'temp_tables', (SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema()),
                    'advisory_locks', (SELECT count(*) FROM pg_locks
                                       WHERE locktype = 'advisory' AND pid = pg_backend_pid()),
                    'listening', (SELECT count(*) FROM pg_listening_channels())) $$;
            CREATE FUNCTION public.leave_state() RETURNS text LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM set_config('timezone', 'Asia/Tokyo', false);
                PERFORM set_config('app.flag', 'left-behind', false);
                PERFORM set_config('search_path', 'pg_catalog', false);
                PERFORM set_config('statement_timeout', '123s', false);
                PERFORM set_config('role', current_user, false);
                EXECUTE 'PREPARE left_behind AS SELECT 1';
                CREATE TEMP TABLE left_behind (x int);
                PERFORM pg_advisory_lock(4242);
                EXECUTE 'LISTEN left_behind';
                RETURN 'left';
            END $$;
            -- the same traces left by a read: a view whose rows call a function
            CREATE FUNCTION public.leave_read_state() RETURNS boolean LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM set_config('timezone', 'Asia/Tokyo', false);
                PERFORM set_config('app.flag', 'left-behind', false);
                IF NOT EXISTS (SELECT 1 FROM pg_prepared_statements WHERE name = 'left_behind_read') THEN
                    EXECUTE 'PREPARE left_behind_read AS SELECT 1';
                END IF;
                IF NOT EXISTS (SELECT 1 FROM pg_cursors WHERE name = 'left_behind_cursor') THEN
                    EXECUTE 'DECLARE left_behind_cursor CURSOR WITH HOLD FOR SELECT 1';
                END IF;
                PERFORM pg_advisory_lock(4343);
                EXECUTE 'LISTEN left_behind_read';
                RETURN true;
            END $$;
            CREATE VIEW public.trap_rows AS SELECT 1 AS id WHERE public.leave_read_state();
            CREATE VIEW public.read_session AS SELECT 1 AS id, public.session_state()
                || jsonb_build_object('cursors', (SELECT count(*) FROM pg_cursors WHERE name = 'left_behind_cursor'))
                AS state;
            GRANT SELECT ON public.trap_rows, public.read_session TO anon, authenticated;
            -- every statement the session keeps prepared, the driver's own included
            CREATE VIEW public.kept_statements AS SELECT (SELECT count(*) FROM pg_prepared_statements)::int AS kept;
            CREATE TABLE public.wide (c0 int, c1 int, c2 int, c3 int, c4 int, c5 int, c6 int, c7 int, c8 int, c9 int);
            GRANT SELECT ON public.kept_statements, public.wide TO anon, authenticated;
            CREATE FUNCTION public.three_writes(base int) RETURNS int LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO public.notes (id, body) VALUES (base, 'one');
                INSERT INTO public.notes (id, body) VALUES (base + 1, 'two');
                INSERT INTO public.notes (id, body) VALUES (base + 2, 'three');
                RETURN 3;
            END $$;
            """;

    TestServer server;
    McpSyncClient alice;
    McpSyncClient bob;
    McpSyncClient anon;
    McpSyncClient service;

    @BeforeAll
    void start() {
        server = TestServer.start();
        server.applySql(SCHEMA);
        List<String> scopes = List.of("execute:rpc", "read:tables", "write:tables", "read:audit");
        // the class's tests make more calls as alice than the default 100 a minute
        alice = server.client(server.createKey(Map.of("name", "alice", "type", "anon", "scopes", scopes,
                "user_id", ALICE, "rate_limit_per_min", 10_000)).secret());
        bob = server.client(server.createKey(Map.of("name", "bob", "type", "anon", "scopes", scopes,
                "user_id", BOB)).secret());
        anon = server.client(server.createKey(Map.of("name", "visitor", "type", "anon", "scopes", scopes)).secret());
        service = server.client(server.createKey(Map.of("name", "ops", "type", "service", "scopes", scopes)).secret());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    static McpSchema.CallToolResult rpc(McpSyncClient client, String name, Map<String, Object> params) {
        return call(client, "invoke_rpc", Map.of("name", name, "params", params));
    }

    long keys() {
        return server.count("SELECT count(*) FROM fluxbase.key_registry");
    }

    @Nested
    class NoWayBackToTheServersLogin {

        @ParameterizedTest
        @ValueSource(strings = {
                "RESET ROLE; SELECT key_hash FROM fluxbase.key_registry",
                "SET ROLE postgres; SELECT key_hash FROM fluxbase.key_registry",
                "SELECT set_config('role', 'postgres', true); SELECT key_hash FROM fluxbase.key_registry",
                "SELECT set_config('role', 'service_role', true); SELECT count(*) FROM public.notes",
                "SET SESSION AUTHORIZATION postgres",
                "RESET ROLE; SELECT count(*) FROM fluxbase.caller_logins",
                "RESET ROLE; SELECT pg_read_file('admin-token')",
                "RESET ROLE; ALTER ROLE anon SET search_path = pg_catalog",
                "RESET ROLE; CREATE TABLE public.planted (x int)"})
        void roleEscapesThroughDynamicSqlAreRefused(String attack) {
            long keysBefore = keys();
            String message = refusal(rpc(alice, "exec_sql", Map.of("q", attack)));
            assertThat(message).containsAnyOf("permission denied", "must be");
            assertThat(keys()).isEqualTo(keysBefore);
            assertThat(server.count("SELECT count(*) FROM pg_class WHERE relname = 'planted'")).isZero();
        }

        @Test
        void anUnboundAnonKeyCannotBecomeTheServiceRoleToBypassRowLevelSecurity() {
            ok(call(bob, "insert_record", Map.of("table", "notes", "data", Map.of("id", 950, "body", "bob's"))));
            assertThat(refusal(rpc(anon, "run_sql", Map.of("q", "SELECT set_config('role', 'service_role', true)"
                    + " AS r, (SELECT count(*) FROM public.notes) AS n")))).contains("permission denied to set role");
            assertThat(refusal(rpc(anon, "exec_sql", Map.of("q", "SET ROLE authenticated")))).contains("permission denied");
            Map<String, Object> seen = ok(rpc(anon, "run_sql", Map.of("q", "SELECT count(*) AS n FROM public.notes")));
            assertThat(seen.get("value")).isEqualTo(List.of(Map.of("n", 0)));
        }

        @Test
        void resetRoleLeavesTheCallerWithLessThanItsKeyRole() {
            // back at its login a caller holds only what PUBLIC holds: not even its own rows
            assertThat(refusal(rpc(alice, "exec_sql", Map.of("q", "RESET ROLE; SELECT * FROM public.notes"))))
                    .contains("permission denied");
            Map<String, Object> who = ok(rpc(alice, "exec_sql", Map.of("q", "RESET ROLE")));
            assertThat(who.get("value")).isEqualTo("fluxbase_caller_authenticated");
        }

        @Test
        void theServersOwnTablesAndTheAdminTokenFileAreOutOfReach() {
            String token = server.server().dataDir().resolve("admin-token").toString();
            for (String query : List.of("SELECT * FROM fluxbase.key_registry", "SELECT * FROM fluxbase.audit_log",
                    "SELECT * FROM fluxbase.domain_event_entry", "SELECT * FROM fluxbase.gate_keys",
                    "SELECT pg_read_file('" + token + "') AS token",
                    "SELECT * FROM pg_ls_dir('.') AS f")) {
                assertThat(refusal(rpc(alice, "run_sql", Map.of("q", query)))).as(query)
                        .contains("permission denied");
            }
        }

        @Test
        void aForgedGateKeyCannotWriteTheLog() {
            long events = server.count("SELECT count(*) FROM fluxbase.domain_event_entry");
            String forged = "RESET ROLE; SELECT fluxbase_gate.append_events('guess', ARRAY['x'], ARRAY['t'],"
                    + " ARRAY['1'], ARRAY['{}'], ARRAY['{}'], ARRAY['2026-01-01T00:00:00Z'])";
            assertThat(refusal(rpc(alice, "exec_sql", Map.of("q", forged)))).contains("gate refused");
            assertThat(refusal(rpc(alice, "exec_sql", Map.of("q", "RESET ROLE; SELECT fluxbase_gate.take_changes('x')"))))
                    .contains("gate refused");
            assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type = 't'"))
                    .isZero();
            assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry")).isGreaterThanOrEqualTo(events);
        }

        /**
         * Table writes keep their statements prepared; a function a caller calls could replace one by name (DEALLOCATE,
         * then PREPARE) and be handed the gate key the server's append sends after it. So a function never runs beside
         * a statement the server prepared, however warm the caller's connections are.
         */
        @Test
        void aFunctionFindsNoStatementOfTheServersToReplace() {
            McpSyncClient busy = server.client(server.createKey(Map.of("name", "busy writer", "type", "anon",
                    "scopes", List.of("read:tables", "write:tables", "execute:rpc"), "user_id", ALICE,
                    "rate_limit_per_min", 10_000)).secret());
            for (int i = 0; i < 30; i++) {
                ok(call(busy, "insert_record", Map.of("table", "notes", "data",
                        Map.of("id", 5000 + i, "body", "warm"))));
                ok(call(busy, "query_table", Map.of("table", "notes", "filter", Map.of("id", "eq." + (5000 + i)))));
            }
            for (int i = 0; i < 10; i++) {
                Map<String, Object> seen = ok(rpc(busy, "run_sql", Map.of("q",
                        "SELECT count(*) AS n FROM pg_prepared_statements WHERE NOT from_sql")));
                assertThat(seen.get("value")).as("call %d", i).isEqualTo(List.of(Map.of("n", 0)));
            }
            long events = server.count("SELECT count(*) FROM fluxbase.domain_event_entry");
            String hijack = "DO $$ DECLARE s text; BEGIN FOR s IN SELECT name FROM pg_prepared_statements LOOP"
                    + " EXECUTE format('DEALLOCATE %I', s); EXECUTE format('PREPARE %I AS SELECT 1', s);"
                    + " END LOOP; END $$";
            ok(rpc(busy, "exec_sql", Map.of("q", hijack)));
            ok(call(busy, "insert_record", Map.of("table", "notes", "data", Map.of("id", 5100, "body", "after"))));
            assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry")).isGreaterThan(events);
        }

        /**
         * A project's trigger runs inside a table write, on connections that keep statements prepared, and tries what
         * a function could: replace each statement of the server's that reaches the log gate (found by the gate
         * functions' names, past db apply's check of the script's text) with one that shows its first parameter, the
         * gate's key, in an error. However warm the connections, there is none to replace: the writes and their
         * events go through and no answer holds the key.
         */
        @Test
        void aTriggerFindsNoStatementCarryingTheGateKeyToReplace() {
            server.applySql("""
                    CREATE TABLE public.trapped (id int PRIMARY KEY, body text NOT NULL);
                    CREATE TABLE public.trap_seen (gate_statements int NOT NULL);
                    GRANT SELECT, INSERT ON public.trapped, public.trap_seen TO anon, authenticated;
                    CREATE FUNCTION public.steal_gate_key() RETURNS trigger LANGUAGE plpgsql AS $$
                    DECLARE s record; n int := 0;
                    BEGIN
                        FOR s IN SELECT name, cardinality(parameter_types) AS arity FROM pg_prepared_statements
                                 WHERE NOT from_sql AND statement ~ '_gate\\.(take_changes|append_events)' LOOP
                            n := n + 1;
                            EXECUTE format('DEALLOCATE %I', s.name);
                            EXECUTE format('PREPARE %I(%s) AS SELECT CAST($1 AS integer)::text', s.name,
                                           (SELECT string_agg('text', ',') FROM generate_series(1, s.arity)));
                        END LOOP;
                        INSERT INTO public.trap_seen VALUES (n);
                        RETURN NEW;
                    END $$;
                    CREATE TRIGGER steal BEFORE INSERT ON public.trapped
                        FOR EACH ROW EXECUTE FUNCTION public.steal_gate_key();
                    """);
            McpSyncClient writer = server.client(server.createKey(Map.of("name", "trapped writer", "type", "anon",
                    "scopes", List.of("write:tables"), "user_id", ALICE, "rate_limit_per_min", 10_000)).secret());
            String gateKey = server.server().context().getBean(LogGateKey.class).value();
            String inserted = "SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                    + " '%RecordsInsertedEvent' AND convert_from(payload, 'UTF8') LIKE '%trapped\"%'";
            long events = server.count(inserted);
            for (int i = 0; i < 40; i++) {
                McpSchema.CallToolResult result = call(writer, "insert_record", Map.of("table", "trapped",
                        "data", Map.of("id", i, "body", "row " + i)));
                assertThat(result.toString()).as("write %d", i).doesNotContain(gateKey);
                ok(result);
            }
            assertThat(server.count("SELECT count(*) FROM public.trap_seen WHERE gate_statements = 0")).isEqualTo(40);
            assertThat(server.count("SELECT count(*) FROM public.trapped")).isEqualTo(40);
            assertThat(server.count(inserted)).isEqualTo(events + 40);
        }

        @Test
        void theEmbeddedDatabaseAsksForAPassword() throws Exception {
            var url = server.server().database();
            assertThatThrownBy(() -> java.sql.DriverManager.getConnection(url.jdbcUrl(), url.user(), "wrong"))
                    .isInstanceOf(java.sql.SQLException.class);
            assertThatThrownBy(() -> java.sql.DriverManager.getConnection(url.jdbcUrl(), "fluxbase_caller_anon", ""))
                    .isInstanceOf(java.sql.SQLException.class);
        }
    }

    @Nested
    class ConnectionsComeBackClean {

        @Test
        void whatAFunctionLeavesOnTheSessionNeverReachesTheNextCaller() {
            Map<String, Object> before = ok(rpc(bob, "session_state", Map.of()));
            for (int i = 0; i < 10; i++) {
                ok(rpc(alice, "leave_state", Map.of()));
            }
            // more calls than the pool has connections, from another key of the same role
            for (int i = 0; i < 20; i++) {
                Map<String, Object> state = ok(rpc(bob, "session_state", Map.of()));
                assertThat(state.get("value")).as("call %d", i).isEqualTo(before.get("value"));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> clean = (Map<String, Object>) before.get("value");
            assertThat(clean).containsEntry("user", "authenticated").containsEntry("flag", "")
                    .containsEntry("prepared", 0).containsEntry("temp_tables", 0)
                    .containsEntry("advisory_locks", 0).containsEntry("listening", 0);
            assertThat(clean.get("timezone")).isNotEqualTo("Asia/Tokyo");
        }

        /**
         * A project's trigger drops every statement the driver keeps prepared on its connection (DEALLOCATE); the
         * next call on that connection, whoever makes it, would fail on them. Such a connection is discarded and the
         * call runs again on another, so no caller sees the failure.
         */
        @Test
        void statementsAProjectsTriggerDropsFailNoLaterCall() {
            server.applySql("""
                    CREATE TABLE public.droppers (id int PRIMARY KEY, dropped int NOT NULL DEFAULT 0);
                    GRANT SELECT, INSERT ON public.droppers TO anon, authenticated;
                    CREATE FUNCTION public.drop_statements() RETURNS trigger LANGUAGE plpgsql AS $$
                    DECLARE s record;
                    BEGIN
                        FOR s IN SELECT name FROM pg_prepared_statements WHERE NOT from_sql LOOP
                            EXECUTE format('DEALLOCATE %I', s.name);
                            NEW.dropped := NEW.dropped + 1;
                        END LOOP;
                        RETURN NEW;
                    END $$;
                    CREATE TRIGGER drops BEFORE INSERT ON public.droppers
                        FOR EACH ROW EXECUTE FUNCTION public.drop_statements();
                    """);
            McpSyncClient writer = server.client(server.createKey(Map.of("name", "dropping writer", "type", "anon",
                    "scopes", List.of("read:tables", "write:tables"), "user_id", ALICE,
                    "rate_limit_per_min", 10_000)).secret());
            for (int i = 0; i < 10; i++) {
                ok(call(writer, "insert_record", Map.of("table", "notes", "data",
                        Map.of("id", 8000 + i, "body", "w"))));
                ok(call(writer, "query_table", Map.of("table", "notes", "filter", Map.of("id", "eq." + (8000 + i)))));
            }
            for (int i = 0; i < 20; i++) {
                ok(call(writer, "insert_record", Map.of("table", "droppers", "data", Map.of("id", i))));
                ok(call(writer, "insert_record", Map.of("table", "notes", "data",
                        Map.of("id", 8100 + i, "body", "w"))));
                Map<String, Object> read = ok(call(writer, "query_table", Map.of("table", "notes",
                        "filter", Map.of("id", "eq." + (8100 + i)))));
                assertThat(read.get("count")).as("read %d", i).isEqualTo(1);
            }
            assertThat(server.count("SELECT count(*) FROM public.droppers WHERE dropped > 0"))
                    .as("inserts whose trigger dropped the driver's statements").isPositive();
            assertThat(server.count("SELECT count(*) FROM public.notes WHERE id BETWEEN 8100 AND 8119"))
                    .isEqualTo(20);
        }

        /** The same SQLSTATE raised by the project's own SQL is a refusal of the write, as any other error is. */
        @Test
        void aWriteWhoseTriggerNamesAMissingStatementIsRefusedWithTheDatabasesWords() {
            server.applySql("""
                    CREATE TABLE public.misnamed (id int PRIMARY KEY);
                    GRANT SELECT, INSERT ON public.misnamed TO anon, authenticated;
                    CREATE FUNCTION public.run_missing() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        EXECUTE 'EXECUTE no_such_statement';
                        RETURN NEW;
                    END $$;
                    CREATE TRIGGER runs_missing BEFORE INSERT ON public.misnamed
                        FOR EACH ROW EXECUTE FUNCTION public.run_missing();
                    """);
            String message = refusal(call(alice, "insert_record", Map.of("table", "misnamed",
                    "data", Map.of("id", 1))));
            assertThat(message).contains("no_such_statement");
            assertThat(server.count("SELECT count(*) FROM public.misnamed")).isZero();
        }

        @Test
        @SuppressWarnings("unchecked")
        void whatAReadLeavesOnTheSessionNeverReachesTheNextCaller() {
            Map<String, Object> before = readSession();
            for (int i = 0; i < 20; i++) {
                ok(call(alice, "query_table", Map.of("table", "trap_rows")));
            }
            for (int i = 0; i < 30; i++) {
                assertThat(readSession()).as("read %d", i).isEqualTo(before);
            }
            assertThat(before).containsEntry("user", "authenticated").containsEntry("flag", "")
                    .containsEntry("prepared", 0).containsEntry("cursors", 0)
                    .containsEntry("advisory_locks", 0).containsEntry("listening", 0);
            assertThat(before.get("timezone")).isNotEqualTo("Asia/Tokyo");
        }

        @Test
        @SuppressWarnings("unchecked")
        void aReadConnectionKeepsABoundedNumberOfPreparedStatementsHoweverManyShapesOfQueryItSees() {
            McpSyncClient busy = server.client(server.createKey(Map.of("name", "busy", "type", "anon",
                    "scopes", List.of("read:tables"), "user_id", ALICE, "rate_limit_per_min", 10_000)).secret());
            // the driver prepares a query on the server at its fifth use: each shape is used six times in a row
            for (int column = 0; column < 10; column++) {
                for (int use = 0; use < 6; use++) {
                    ok(call(busy, "query_table", Map.of("table", "wide", "filter", Map.of("c" + column, "eq.1"),
                            "order", "c" + (9 - column) + ".desc")));
                }
            }
            for (int i = 0; i < 24; i++) {
                List<Map<String, Object>> rows = (List<Map<String, Object>>) ok(call(busy, "query_table",
                        Map.of("table", "kept_statements"))).get("rows");
                // the read counting them is prepared before the least recently used one is closed
                assertThat((Integer) rows.get(0).get("kept")).as("read %d", i)
                        .isLessThanOrEqualTo((BUILT_SHAPES_KEPT + 1) * STATEMENTS_PER_READ);
            }
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> readSession() {
            Map<String, Object> answer = ok(call(bob, "query_table", Map.of("table", "read_session")));
            List<Map<String, Object>> rows = (List<Map<String, Object>>) answer.get("rows");
            return (Map<String, Object>) rows.get(0).get("state");
        }

        @Test
        void aFunctionThatChangesItsClaimsChangesThemForItsOwnCallOnly() {
            ok(call(bob, "insert_record", Map.of("table", "notes", "data", Map.of("id", 900, "body", "bob's"))));
            Map<String, Object> borrowed = ok(rpc(alice, "run_sql", Map.of("q", "SELECT set_config("
                    + "'request.jwt.claims', '{\"sub\":\"" + BOB + "\",\"role\":\"authenticated\"}', true) AS c")));
            assertThat(borrowed).isNotNull();
            for (int i = 0; i < 10; i++) {
                Map<String, Object> read = ok(call(alice, "query_table", Map.of("table", "notes",
                        "filter", Map.of("id", "eq.900"))));
                assertThat(read.get("count")).isEqualTo(0);
            }
        }

        @Test
        void adminApiKeepsWorkingAfterHostileCalls() {
            for (int i = 0; i < 5; i++) {
                ok(rpc(alice, "leave_state", Map.of()));
            }
            TestServer.Key key = server.createKey("after-leaks", "anon", "read:tables");
            server.admin("POST", "/admin/v1/clientkeys/" + key.id() + "/revoke", null, 200);
        }
    }

    /**
     * PostgreSQL lets a role change its own password and defaults, and a function that does {@code RESET ROLE} runs
     * as its caller login. What it sets there must not lock the role's callers out, or reach their sessions, when the
     * pools next log in.
     */
    @Nested
    class ALoginChangedInACallIsSetBack {

        static final String LOGIN = "fluxbase_caller_authenticated";
        /** The R2DBC pool's connections (the other reads: catalog, files, history) name themselves so... */
        static final String R2DBC_POOL = "application_name = 'fluxbase-caller-reads-authenticated'";
        /** ...and the JDBC pools' (table reads and writes, function calls) so. */
        static final String JDBC_POOLS = "application_name IN ('fluxbase-caller-built-authenticated',"
                + " 'fluxbase-caller-authenticated')";

        /** The pools' connections closed, so their next calls log in anew (as after a database restart). */
        void closeConnections(String which) {
            String sql = "SELECT pid FROM pg_stat_activity WHERE usename = ? AND " + which;
            List<Object> open = server.rows(sql, LOGIN).stream().map(row -> row.get("pid")).toList();
            assertThat(open).as("connections where %s", which).isNotEmpty();
            server.executeAsServer("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid IN ("
                    + String.join(",", open.stream().map(String::valueOf).toList()) + ")");
            TestServer.await("the connections closed", () -> server.rows(sql, LOGIN).stream()
                    .noneMatch(row -> open.contains(row.get("pid"))));
            // a pool tests a connection it lends only after it has been idle for half a second
            try {
                Thread.sleep(600);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void changePassword() {
            Map<String, Object> changed = ok(rpc(alice, "exec_sql", Map.of("q",
                    "RESET ROLE; ALTER ROLE CURRENT_USER PASSWORD 'chosen-by-a-caller'")));
            assertThat(changed.get("value")).isEqualTo(LOGIN);
        }

        long settingsOfTheLogin() {
            return server.count("SELECT count(*) FROM pg_db_role_setting WHERE setrole = ?::regrole", LOGIN);
        }

        /** Each transaction ends with RESET ALL: a name set after logging in (pgjdbc's habit) would not outlive it. */
        @Test
        void everyConnectionOfTheLoginStillSaysWhichPoolItServesAfterCalls() {
            ok(call(alice, "insert_record", Map.of("table", "notes", "data", Map.of("id", 7300, "body", "named"))));
            ok(call(alice, "query_table", Map.of("table", "notes", "limit", 1)));
            ok(rpc(alice, "session_state", Map.of()));

            List<Object> names = server.rows("SELECT application_name FROM pg_stat_activity WHERE usename = ?", LOGIN)
                    .stream().map(row -> row.get("application_name")).toList();
            assertThat(names).contains("fluxbase-caller-built-authenticated", "fluxbase-caller-authenticated")
                    .allMatch(name -> List.of("fluxbase-caller-built-authenticated", "fluxbase-caller-authenticated",
                            "fluxbase-caller-reads-authenticated").contains(name));
        }

        @Test
        void aPasswordAFunctionSetsDoesNotLockTheRolesTableCallsAndFunctionCallsOut() {
            ok(call(alice, "query_table", Map.of("table", "notes", "limit", 1)));
            changePassword();
            closeConnections(JDBC_POOLS);

            ok(call(alice, "insert_record", Map.of("table", "notes", "data", Map.of("id", 7100, "body", "after"))));
            Map<String, Object> read = ok(call(alice, "query_table", Map.of("table", "notes",
                    "filter", Map.of("id", "eq.7100"))));
            assertThat(read.get("count")).isEqualTo(1);
            assertThat(ok(rpc(alice, "session_state", Map.of())).toString()).contains("authenticated");
        }

        @Test
        void aPasswordAFunctionSetsDoesNotLockTheRolesOtherReadsOut() {
            ok(call(alice, "insert_record", Map.of("table", "notes", "data", Map.of("id", 7200, "body", "before"))));
            TestServer.await("the row's history", () -> server.count("SELECT count(*) FROM fluxbase.row_history"
                    + " WHERE table_name = 'public.notes' AND row_key = '7200'") == 1);
            changePassword();
            closeConnections(R2DBC_POOL);

            McpSchema.ReadResourceResult history = alice.readResource(
                    new McpSchema.ReadResourceRequest("history://tables/notes/7200"));
            assertThat(history.contents()).hasSize(1);
        }

        @Test
        @SuppressWarnings("unchecked")
        void settingsAFunctionGivesItsLoginNeverReachTheNextSessions() {
            Map<String, Object> before = (Map<String, Object>) ok(rpc(bob, "session_state", Map.of())).get("value");
            ok(rpc(alice, "exec_sql", Map.of("q", "RESET ROLE; ALTER ROLE CURRENT_USER SET timezone = 'Asia/Tokyo';"
                    + " DO $$ BEGIN EXECUTE format('ALTER ROLE CURRENT_USER IN DATABASE %I SET search_path"
                    + " = pg_catalog', current_database()); END $$")));
            assertThat(settingsOfTheLogin()).isEqualTo(2);
            closeConnections("true");

            for (int i = 0; i < 20; i++) {
                Map<String, Object> state = (Map<String, Object>) ok(rpc(bob, "session_state", Map.of()))
                        .get("value");
                assertThat(state).as("call %d", i).isEqualTo(before);
            }
            Map<String, Object> read = ok(call(bob, "query_table", Map.of("table", "read_session")));
            Map<String, Object> state = (Map<String, Object>) ((List<Map<String, Object>>) read.get("rows")).get(0)
                    .get("state");
            assertThat(state.get("timezone")).isEqualTo(before.get("timezone"));
            assertThat(state.get("search_path")).isEqualTo(before.get("search_path"));
            assertThat(settingsOfTheLogin()).isZero();
        }
    }

    @Nested
    class WritesUnderColumnGrants {

        @Test
        void aRoleThatMayNotReadAColumnCanStillWriteAndReadBackWhatItMaySee() {
            Map<String, Object> inserted = ok(call(alice, "insert_record", Map.of("table", "notes",
                    "data", Map.of("id", 100, "body", "mine", "secret_note", "only the owner's DBA sees this"),
                    "returning", List.of("*"))));
            assertThat(inserted.get("rows")).isEqualTo(List.of(Map.of("id", 100, "owner", ALICE, "body", "mine")));
            Map<String, Object> updated = ok(call(alice, "update_record", Map.of("table", "notes",
                    "data", Map.of("secret_note", "changed"), "filter", Map.of("id", "eq.100"))));
            assertThat(updated.get("count")).isEqualTo(1);
            assertThat(server.count("SELECT count(*) FROM public.notes WHERE id = 100 AND secret_note = 'changed'"))
                    .isEqualTo(1);
            ok(call(alice, "delete_record", Map.of("table", "notes", "filter", Map.of("id", "eq.100"))));
            assertThat(server.count("SELECT count(*) FROM public.notes WHERE id = 100")).isZero();
        }

        @Test
        void askingForAColumnTheRoleMayNotReadIsRefusedNamingIt() {
            String message = refusal(call(alice, "insert_record", Map.of("table", "notes",
                    "data", Map.of("id", 101, "body", "x"), "returning", List.of("secret_note"))));
            assertThat(message).contains("returning").contains("secret_note");
            assertThat(server.count("SELECT count(*) FROM public.notes WHERE id = 101")).isZero();
        }
    }

    @Nested
    class FunctionWritesAreInTheLog {

        @Test
        void eachStatementOfAFunctionIsAChangeEventWithTheCallsId() {
            ok(rpc(alice, "three_writes", Map.of("base", 300)));
            String events = """
                    SELECT convert_from(payload, 'UTF8')::jsonb ->> 'callId' AS call_id
                    FROM fluxbase.domain_event_entry
                    WHERE payload_type LIKE '%RecordsInsertedEvent'
                      AND convert_from(payload, 'UTF8')::jsonb ->> 'table' = 'public.notes'
                      AND (convert_from(payload, 'UTF8')::jsonb -> 'rows' -> 0 ->> 'key')::jsonb ->> 'id'
                          IN ('300', '301', '302')""";
            assertThat(server.count("SELECT count(*) FROM (" + events + ") e")).isEqualTo(3);
            assertThat(server.count("SELECT count(DISTINCT call_id) FROM (" + events + ") e")).isEqualTo(1);
            // ... and that call id is the invoke_rpc call's own record, committed with them
            assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry r WHERE r.payload_type LIKE"
                    + " '%CallRecordedEvent' AND convert_from(r.payload, 'UTF8')::jsonb -> 'record' ->> 'callId' IN"
                    + " (SELECT call_id FROM (" + events + ") e) AND convert_from(r.payload, 'UTF8')::jsonb"
                    + " -> 'record' ->> 'target' = 'invoke_rpc'")).isEqualTo(1);
        }

        /** A row written straight into a partition is captured by the partition's own triggers, and only once. */
        @Test
        void rowsAFunctionWritesIntoAPartitionAreChangeEventsOnceEach() {
            server.applySql("""
                    CREATE TABLE public.readings (id int, taken date, PRIMARY KEY (id, taken))
                        PARTITION BY RANGE (taken);
                    CREATE TABLE public.readings_2026 PARTITION OF public.readings
                        FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                    """);
            ok(rpc(alice, "exec_sql", Map.of("q", "INSERT INTO public.readings_2026 VALUES (1, '2026-06-01');"
                    + " INSERT INTO public.readings VALUES (2, '2026-07-01')")));
            assertThat(server.rows("SELECT convert_from(payload, 'UTF8')::jsonb ->> 'table' AS table_name,"
                    + " (convert_from(payload, 'UTF8')::jsonb -> 'rows' -> 0 ->> 'key')::jsonb ->> 'id' AS id"
                    + " FROM fluxbase.domain_event_entry WHERE payload_type LIKE '%RecordsInsertedEvent'"
                    + " AND convert_from(payload, 'UTF8')::jsonb ->> 'table' LIKE 'public.readings%'"
                    + " ORDER BY global_index")).extracting(row -> row.get("table_name") + " " + row.get("id"))
                    .containsExactly("public.readings_2026 1", "public.readings 2");
            assertThat(server.count("SELECT count(*) FROM fluxbase.change_capture")).isZero();
        }

        /**
         * A TRUNCATE fires no row triggers: in a call (here a SECURITY DEFINER function, which may truncate what its
         * owner may) it is refused before it runs, so no row goes without its event. The owner's own SQL still may.
         */
        @Test
        void aTruncateInACallIsRefusedAndEveryRowStays() {
            server.applySql("""
                    CREATE TABLE public.scratch (id int PRIMARY KEY);
                    INSERT INTO public.scratch SELECT generate_series(1, 3);
                    CREATE TABLE public.scratch_parts (id int, part int, PRIMARY KEY (id, part))
                        PARTITION BY LIST (part);
                    CREATE TABLE public.scratch_part_1 PARTITION OF public.scratch_parts FOR VALUES IN (1);
                    INSERT INTO public.scratch_parts VALUES (1, 1), (2, 1);
                    CREATE FUNCTION public.empty_scratch() RETURNS void LANGUAGE sql SECURITY DEFINER
                        AS 'TRUNCATE public.scratch';
                    CREATE FUNCTION public.empty_scratch_parts() RETURNS void LANGUAGE sql SECURITY DEFINER
                        AS 'TRUNCATE public.scratch_parts';
                    """);
            long events = server.count("SELECT count(*) FROM fluxbase.domain_event_entry"
                    + " WHERE payload_type LIKE '%Records%Event'");

            assertThat(refusal(rpc(alice, "empty_scratch", Map.of())))
                    .startsWith("name: TRUNCATE of public.scratch removes rows without recording each of them;"
                            + " nothing was changed. Empty the table with DELETE instead");
            assertThat(refusal(rpc(alice, "empty_scratch_parts", Map.of())))
                    .startsWith("name: TRUNCATE of public.scratch_part");
            assertThat(server.count("SELECT count(*) FROM public.scratch")).isEqualTo(3);
            assertThat(server.count("SELECT count(*) FROM public.scratch_parts")).isEqualTo(2);
            assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry"
                    + " WHERE payload_type LIKE '%Records%Event'")).isEqualTo(events);
            TestServer.await("the refusals' records", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                    + " WHERE target = 'invoke_rpc' AND error_code = 'not_recordable'") == 2);

            server.applySql("TRUNCATE public.scratch, public.scratch_parts");
            assertThat(server.count("SELECT count(*) FROM public.scratch")).isZero();
        }

        /**
         * DDL in a call drops or rewrites rows with no row trigger firing: where the server may put event triggers,
         * a function that drops a table or a column, or rewrites a column's values, is refused and undone.
         */
        @Test
        void aFunctionThatDropsOrRewritesRowsIsRefusedAndTheRowsStay() {
            server.applySql("""
                    CREATE TABLE public.ledger (id int PRIMARY KEY, note text, amount int);
                    INSERT INTO public.ledger VALUES (1, 'kept', 10);
                    CREATE FUNCTION public.ledger_ddl(q text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
                        AS $$ BEGIN EXECUTE q; END $$;
                    """);
            assertThat(refusal(rpc(alice, "ledger_ddl", Map.of("q", "DROP TABLE public.ledger"))))
                    .startsWith("name: DROP TABLE drops the table public.ledger, whose values would go without change"
                            + " events; nothing was changed");
            assertThat(refusal(rpc(alice, "ledger_ddl", Map.of("q", "ALTER TABLE public.ledger DROP COLUMN note"))))
                    .startsWith("name: ALTER TABLE drops the column public.ledger.note");
            assertThat(refusal(rpc(alice, "ledger_ddl", Map.of("q",
                    "ALTER TABLE public.ledger ALTER COLUMN amount TYPE bigint USING amount * 100"))))
                    .startsWith("name: ALTER TABLE rewrites every row of public.ledger");
            assertThat(server.rows("SELECT id, note, amount FROM public.ledger"))
                    .containsExactly(Map.of("id", 1, "note", "kept", "amount", 10));
            // a table of the call's own, gone with it, loses nothing of the project's
            ok(rpc(alice, "ledger_ddl", Map.of("q", "CREATE TEMP TABLE scratch_rows (id int);"
                    + " DROP TABLE scratch_rows")));

            server.applySql("DROP TABLE public.ledger");
            assertThat(server.count("SELECT count(*) FROM pg_class WHERE relname = 'ledger'")).isZero();
        }

        /** A table a call makes with rows in it has them recorded as inserts, under the call, as it is made. */
        @Test
        void rowsATableIsMadeWithInACallAreChangeEvents() {
            server.applySql("""
                    CREATE TABLE public.totals (id int PRIMARY KEY, total int);
                    INSERT INTO public.totals VALUES (1, 5), (2, 7);
                    CREATE FUNCTION public.keep_snapshot(q text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
                        AS $$ BEGIN EXECUTE q; END $$;
                    """);
            ok(rpc(alice, "keep_snapshot", Map.of("q", "CREATE TABLE public.totals_copy AS SELECT * FROM public.totals;"
                    + " SELECT * INTO public.totals_into FROM public.totals WHERE id = 2;"
                    + " CREATE TABLE public.totals_empty AS SELECT * FROM public.totals WITH NO DATA;"
                    + " CREATE TEMP TABLE totals_own AS SELECT * FROM public.totals")));
            String inserted = "SELECT convert_from(payload, 'UTF8')::jsonb ->> 'table' AS table_name,"
                    + " jsonb_array_length(convert_from(payload, 'UTF8')::jsonb -> 'rows') AS n"
                    + " FROM fluxbase.domain_event_entry WHERE payload_type LIKE '%RecordsInsertedEvent'"
                    + " AND convert_from(payload, 'UTF8')::jsonb ->> 'table' LIKE '%totals%' ORDER BY global_index";
            assertThat(server.rows(inserted)).extracting(row -> row.get("table_name") + " " + row.get("n"))
                    .containsExactly("public.totals_copy 2", "public.totals_into 1");
            assertThat(server.count("SELECT count(*) FROM fluxbase.change_capture")).isZero();
        }

        /** MERGE inserts, updates and deletes in one statement; each of its changes is an event of its own kind. */
        @Test
        void rowsAMergeChangesAreChangeEventsOfEachKind() {
            server.applySql("""
                    CREATE TABLE public.stock (id int PRIMARY KEY, n int NOT NULL);
                    INSERT INTO public.stock VALUES (1, 10), (2, 20);
                    """);
            ok(rpc(alice, "exec_sql", Map.of("q", "MERGE INTO public.stock s USING (VALUES (1, 0), (2, 5), (3, 7))"
                    + " AS v (id, n) ON s.id = v.id WHEN MATCHED AND v.n = 0 THEN DELETE"
                    + " WHEN MATCHED THEN UPDATE SET n = s.n + v.n WHEN NOT MATCHED THEN INSERT VALUES (v.id, v.n)")));
            assertThat(server.rows("SELECT payload_type, (convert_from(payload, 'UTF8')::jsonb -> 'rows' -> 0"
                    + " ->> 'key')::jsonb ->> 'id' AS id FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                    + " '%Records%Event' AND convert_from(payload, 'UTF8')::jsonb ->> 'table' = 'public.stock'"
                    + " ORDER BY global_index")).extracting(row -> row.get("payload_type").toString()
                    .replaceAll(".*\\.", "") + " " + row.get("id")).containsExactlyInAnyOrder(
                    "RecordsInsertedEvent 3", "RecordsUpdatedEvent 2", "RecordsDeletedEvent 1");
            assertThat(server.count("SELECT count(*) FROM fluxbase.change_capture")).isZero();
        }

        /** A capture trigger the owner disabled in applied SQL is enabled again right after, as a dropped one is. */
        @Test
        void aCaptureTriggerDisabledByAppliedSqlIsEnabledAgainAndAFunctionsRowsAreRecorded() {
            server.applySql("""
                    CREATE TABLE public.tallies (id int PRIMARY KEY);
                    ALTER TABLE public.tallies DISABLE TRIGGER USER;
                    """);
            assertThat(server.count("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.tallies'::regclass"
                    + " AND tgname LIKE 'fluxbase\\_capture\\_%' AND tgenabled = 'O'")).isEqualTo(4);

            ok(rpc(alice, "exec_sql", Map.of("q", "INSERT INTO public.tallies VALUES (1), (2)")));
            assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                    + " '%RecordsInsertedEvent' AND convert_from(payload, 'UTF8')::jsonb ->> 'table' = 'public.tallies'"
                    + " AND jsonb_array_length(convert_from(payload, 'UTF8')::jsonb -> 'rows') = 2")).isOne();
        }

        @Test
        void aRefusedFunctionLeavesNoChangeEventAndNoRow() {
            long before = server.count("SELECT count(*) FROM fluxbase.domain_event_entry"
                    + " WHERE payload_type LIKE '%Records%Event'");
            // the third insert collides with the first: nothing of the call may remain
            refusal(rpc(alice, "exec_sql", Map.of("q", "INSERT INTO public.notes (id, body) VALUES (400, 'a');"
                    + " INSERT INTO public.notes (id, body) VALUES (400, 'b')")));
            assertThat(server.count("SELECT count(*) FROM public.notes WHERE id = 400")).isZero();
            assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry"
                    + " WHERE payload_type LIKE '%Records%Event'")).isEqualTo(before);
            assertThat(server.count("SELECT count(*) FROM fluxbase.change_capture")).isZero();
        }
    }

    @Nested
    class PolicyRefusals {

        @Test
        void nameThePolicyButNotItsExpressionToAKeyWithoutReadSchema() {
            String message = refusal(call(alice, "insert_record", Map.of("table", "notes",
                    "data", Map.of("id", 500, "body", "x", "owner", BOB))));
            assertThat(message).contains("\"own notes\" (ALL)").doesNotContain("auth.uid()");
        }

        @Test
        void showTheExpressionToAKeyThatMayReadTheSchema() {
            McpSyncClient schemaReader = server.client(server.createKey(Map.of("name", "alice-schema", "type", "anon",
                    "scopes", List.of("write:tables", "read:schema"), "user_id", ALICE)).secret());
            String message = refusal(call(schemaReader, "insert_record", Map.of("table", "notes",
                    "data", Map.of("id", 501, "body", "x", "owner", BOB))));
            assertThat(message).contains("\"own notes\" (ALL USING (auth.uid() = owner)");
        }
    }

    /** Row history under the caller's role, with the log keeping every row's values. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class HistoryUnderTheCallersRole {

        TestServer full;
        McpSyncClient aliceFull;
        McpSyncClient bobFull;
        McpSyncClient serviceFull;

        @BeforeAll
        void start() {
            full = TestServer.start(Map.of("FLUXBASE_AUDIT_CHANGE_VALUES", "full"));
            full.applySql(SCHEMA);
            List<String> scopes = List.of("read:tables", "write:tables", "read:audit");
            aliceFull = full.client(full.createKey(Map.of("name", "alice", "type", "anon", "scopes", scopes,
                    "user_id", ALICE)).secret());
            bobFull = full.client(full.createKey(Map.of("name", "bob", "type", "anon", "scopes", scopes,
                    "user_id", BOB)).secret());
            serviceFull = full.client(full.createKey(Map.of("name", "ops", "type", "service", "scopes", scopes))
                    .secret());
        }

        @AfterAll
        void stop() {
            full.close();
        }

        List<Map<String, Object>> history(McpSyncClient client, String table, int id) {
            return history(client, table, String.valueOf(id));
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history(McpSyncClient client, String table, String id) {
            McpSchema.ReadResourceResult read = client.readResource(
                    new McpSchema.ReadResourceRequest("history://tables/" + table + "/" + id));
            return (List<Map<String, Object>>) TestServer.JSON.readValue(
                    ((McpSchema.TextResourceContents) read.contents().get(0)).text(), Map.class).get("changes");
        }

        /** Until the row's changes are projected, and the records naming who made them (they may come later). */
        void awaitHistory(TestServer on, int id, int changes) {
            TestServer.await("the row history of " + id, () -> on.count("SELECT count(*) FROM fluxbase.row_history h"
                    + " WHERE h.table_name = 'public.notes' AND h.row_key = ?"
                    + " AND EXISTS (SELECT 1 FROM fluxbase.audit_log a WHERE a.call_id = h.call_id)",
                    String.valueOf(id)) == changes);
        }

        /** Bob's history of a notes key he took: his one change, by him, and nothing of alice's. */
        void bobSeesOnlyHisChange(int id, String operation) {
            List<Map<String, Object>> seen = history(bobFull, "notes", id);
            assertThat(seen).as("history of %d", id).singleElement().satisfies(change -> assertThat(change)
                    .containsEntry("operation", operation).containsEntry("key_name", "bob"));
            assertThat(seen.toString()).doesNotContain("alice");
        }

        String notFound(McpSyncClient client, String table, int id) {
            return org.assertj.core.api.Assertions.catchThrowable(() -> history(client, table, id)).getMessage();
        }

        /** ('hr,pay', '2026.txt') and ('hr', 'pay,2026.txt') are kept under the same joined key. */
        @Test
        void aKeyWhoseValuesJoinLikeAnotherRowsShowsOnlyItsOwnRow() {
            full.applySql("""
                    CREATE TABLE public.folders (folder text, name text, owner uuid NOT NULL DEFAULT auth.uid(),
                        body text NOT NULL, PRIMARY KEY (folder, name));
                    ALTER TABLE public.folders ENABLE ROW LEVEL SECURITY;
                    CREATE POLICY "own files" ON public.folders FOR ALL USING (auth.uid() = owner)
                        WITH CHECK (auth.uid() = owner);
                    """);
            ok(call(aliceFull, "insert_record", Map.of("table", "folders", "data", Map.of("folder", "hr,pay",
                    "name", "2026.txt", "body", "alice's salaries"))));
            ok(call(bobFull, "insert_record", Map.of("table", "folders", "data", Map.of("folder", "hr",
                    "name", "pay,2026.txt", "body", "bob's own"))));
            TestServer.await("both rows' history", () -> full.count("SELECT count(*) FROM fluxbase.row_history"
                    + " WHERE table_name = 'public.folders'") == 2);

            List<Map<String, Object>> seen = history(bobFull, "folders", "hr,pay,2026.txt");
            assertThat(seen).hasSize(1);
            assertThat(seen.getFirst()).containsEntry("key_name", "bob");
            assertThat(seen.toString()).contains("bob's own").doesNotContain("alice");
            assertThat(history(serviceFull, "folders", "hr,pay,2026.txt")).hasSize(2);
        }

        /**
         * A row can leave its key with no delete recorded: an update gives it another key, or the owner deletes it
         * outside the server. A row inserted later under that key shows its own changes from its insert on.
         */
        @Test
        void aKeyUsedAgainAfterItsRowLeftWithoutADeleteShowsOnlyTheNewRowsChanges() {
            ok(call(aliceFull, "insert_record", Map.of("table", "notes", "data", Map.of("id", 881,
                    "body", "alice's moved words"))));
            ok(call(aliceFull, "update_record", Map.of("table", "notes", "filter", Map.of("id", "eq.881"),
                    "data", Map.of("id", 891))));
            ok(call(aliceFull, "insert_record", Map.of("table", "notes", "data", Map.of("id", 882,
                    "body", "alice's words deleted by the owner"))));
            awaitHistory(full, 882, 1);
            full.applySql("DELETE FROM public.notes WHERE id = 882");
            // kept under 881: alice's insert, then the key change that took her row away; under 882 her insert only
            for (Map.Entry<Integer, Integer> kept : Map.of(881, 3, 882, 2).entrySet()) {
                int id = kept.getKey();
                ok(call(bobFull, "insert_record", Map.of("table", "notes", "data", Map.of("id", id, "body", "bob's"))));
                awaitHistory(full, id, kept.getValue());

                bobSeesOnlyHisChange(id, "insert");
                assertThat(history(serviceFull, "notes", id)).hasSize(kept.getValue());
            }
        }

        /** A row can also take a key by an update, after the row that held it moved to another key. */
        @Test
        void aKeyTakenByAnUpdateAfterItsRowMovedAwayShowsOnlyTheNewRowsChanges() {
            ok(call(aliceFull, "insert_record", Map.of("table", "notes", "data", Map.of("id", 883,
                    "body", "alice's renamed words"))));
            ok(call(aliceFull, "update_record", Map.of("table", "notes", "filter", Map.of("id", "eq.883"),
                    "data", Map.of("id", 893))));
            ok(call(bobFull, "insert_record", Map.of("table", "notes", "data", Map.of("id", 884, "body", "bob's"))));
            ok(call(bobFull, "update_record", Map.of("table", "notes", "filter", Map.of("id", "eq.884"),
                    "data", Map.of("id", 883))));
            TestServer.await("bob's update in the history of 883", () -> full.count("SELECT count(*) FROM"
                    + " fluxbase.row_history WHERE table_name = 'public.notes' AND row_key = '883'"
                    + " AND operation = 'update'") == 1);

            bobSeesOnlyHisChange(883, "update");
            assertThat(history(serviceFull, "notes", 883)).extracting(change -> change.get("operation"))
                    .containsExactly("insert", "key_change", "update");
            assertThat(history(aliceFull, "notes", 893)).extracting(change -> change.get("operation"))
                    .as("alice's row at its new key: its change of key").containsExactly("update");
        }

        /** A row can take by an update a key whose earlier row the owner deleted outside the server. */
        @Test
        void aKeyTakenByAnUpdateAfterItsRowWasDeletedOutsideTheServerShowsOnlyTheNewRowsChanges() {
            ok(call(aliceFull, "insert_record", Map.of("table", "notes", "data", Map.of("id", 885,
                    "body", "alice's words the owner removed"))));
            awaitHistory(full, 885, 1);
            full.applySql("DELETE FROM public.notes WHERE id = 885");
            ok(call(bobFull, "insert_record", Map.of("table", "notes", "data", Map.of("id", 886, "body", "bob's"))));
            ok(call(bobFull, "update_record", Map.of("table", "notes", "filter", Map.of("id", "eq.886"),
                    "data", Map.of("id", 885))));
            awaitHistory(full, 885, 2);

            bobSeesOnlyHisChange(885, "update");
            assertThat(history(serviceFull, "notes", 885)).extracting(change -> change.get("operation"))
                    .containsExactly("insert", "update");
            // bob's later change under the key stays in his history
            ok(call(bobFull, "update_record", Map.of("table", "notes", "filter", Map.of("id", "eq.885"),
                    "data", Map.of("body", "bob's again"))));
            awaitHistory(full, 885, 3);
            assertThat(history(bobFull, "notes", 885)).extracting(change -> change.get("operation"))
                    .containsExactly("update", "update");
        }

        /** A key can come back after its row is deleted: the changes before that were another row's. */
        @Test
        void aKeyUsedAgainAfterItsRowWasDeletedShowsOnlyTheNewRowsChanges() {
            ok(call(aliceFull, "insert_record", Map.of("table", "notes", "data", Map.of("id", 880,
                    "body", "alice's private words"))));
            ok(call(aliceFull, "delete_record", Map.of("table", "notes", "filter", Map.of("id", "eq.880"))));
            ok(call(bobFull, "insert_record", Map.of("table", "notes", "data", Map.of("id", 880, "body", "bob's"))));
            awaitHistory(full, 880, 3);

            bobSeesOnlyHisChange(880, "insert");
            assertThat(history(serviceFull, "notes", 880)).hasSize(3);
        }

        @Test
        void anotherUsersRowHasNoHistoryForThisKeyInDigestMode() {
            ok(call(alice, "insert_record", Map.of("table", "notes", "data", Map.of("id", 700, "body", "a",
                    "secret_note", "s"))));
            ok(call(alice, "update_record", Map.of("table", "notes", "data", Map.of("body", "b"),
                    "filter", Map.of("id", "eq.700"))));
            awaitHistory(server, 700, 2);
            assertThat(history(alice, "notes", 700)).hasSize(2)
                    .allSatisfy(change -> assertThat(change).containsEntry("key_name", "alice")
                            .containsEntry("values", null).containsEntry("digest", null));
            // bob's role cannot read alice's row: the same answer as for a row that never existed
            String hidden = notFound(bob, "notes", 700);
            assertThat(hidden).contains("no history for history://tables/notes/700");
            assertThat(notFound(bob, "notes", 70_000)).isEqualTo(hidden.replace("700", "70000"));
            assertThat(history(service, "notes", 700)).hasSize(2);
        }

        @Test
        void anotherUsersRowAndHiddenColumnsStayHiddenWithFullValues() {
            ok(call(aliceFull, "insert_record", Map.of("table", "notes", "data", Map.of("id", 800, "body", "a",
                    "secret_note", "for the DBA only"))));
            ok(call(aliceFull, "update_record", Map.of("table", "notes", "data", Map.of("secret_note", "still hidden"),
                    "filter", Map.of("id", "eq.800"))));
            awaitHistory(full, 800, 2);

            List<Map<String, Object>> own = history(aliceFull, "notes", 800);
            assertThat(own).hasSize(2);
            assertThat(own.get(0).get("values")).isEqualTo(Map.of("id", 800, "owner", ALICE, "body", "a"));
            assertThat(own.get(0).get("columns")).isEqualTo(List.of("id", "owner", "body"));
            // the update changed only a column alice may not read: she learns that something changed, not what
            assertThat(own.get(1).get("columns")).isEqualTo(List.of());
            assertThat(own.toString()).doesNotContain("for the DBA only").doesNotContain("still hidden");

            assertThat(notFound(bobFull, "notes", 800)).contains("no history");

            List<Map<String, Object>> all = history(serviceFull, "notes", 800);
            assertThat(all.get(1).get("columns")).isEqualTo(List.of("secret_note"));
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) all.get(1).get("values");
            assertThat(values).containsEntry("secret_note", "still hidden");
            assertThat(all.get(1).get("digest")).isNotNull();
        }

        @Test
        void aMalformedIdIsRefusedNamingIt() {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> history(aliceFull, "notes", -1)))
                    .isNotNull();
            List<String> messages = new ArrayList<>();
            for (String uri : List.of("history://tables/notes/abc", "history://tables/nope/1")) {
                messages.add(org.assertj.core.api.Assertions.catchThrowable(() -> aliceFull.readResource(
                        new McpSchema.ReadResourceRequest(uri))).getMessage());
            }
            assertThat(messages.get(0)).contains("notes/abc");
            assertThat(messages.get(1)).contains("nope");
        }
    }
}
