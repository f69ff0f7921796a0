package io.fluxbase.mcp.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A table whose owner lets the key roles read only some columns: its schema resource names no other column, not in
 * its primary key, constraints, indexes or policies, and quotes no value of a partial index; a role that may read
 * every column sees all of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaResourceHidesColumnsIntegrationTest {

    TestServer server;
    McpSyncClient anon;
    McpSyncClient service;

    @BeforeAll
    void start() {
        server = TestServer.start();
        server.applySql("""
                CREATE TABLE public.teams (id int PRIMARY KEY);
                CREATE TABLE public.staff (id int, name text NOT NULL, tax_number text,
                    team_ref int REFERENCES public.teams (id), PRIMARY KEY (id, tax_number));
                CREATE UNIQUE INDEX staff_by_tax ON public.staff (tax_number);
                CREATE INDEX staff_flagged ON public.staff (name) WHERE tax_number <> 'sealed-literal-991';
                CREATE INDEX staff_by_name ON public.staff (name);
                ALTER TABLE public.staff ENABLE ROW LEVEL SECURITY;
                CREATE POLICY "numbered staff" ON public.staff FOR SELECT USING (tax_number IS NOT NULL);
                REVOKE SELECT ON public.staff FROM anon, authenticated;
                GRANT SELECT (id, name) ON public.staff TO anon, authenticated;
                """);
        anon = server.client(server.createKey("hidden-columns", "anon", "read:tables", "read:schema").secret());
        service = server.client(server.createKey("all-columns", "service", "read:tables", "read:schema").secret());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aKeyLearnsNoColumnItMayNotRead() {
        String shown = staff(anon);
        assertThat(shown).contains("\"name\"", "staff_by_name", "\"name\":\"numberedstaff\"", "\"using\":null")
                .doesNotContain("tax_number", "team_ref", "teams", "staff_by_tax", "sealed-literal-991",
                        "staff_flagged");
        assertThat(shown).as("the primary key's readable part").contains("\"primary_key\":[\"id\"]");
    }

    @Test
    void aRoleThatReadsEveryColumnSeesTheWholeTable() {
        assertThat(staff(service)).contains("tax_number", "team_ref", "staff_by_tax", "sealed-literal-991",
                "staff_flagged", "(tax_numberISNOTNULL)");
    }

    private static String staff(McpSyncClient client) {
        McpSchema.ReadResourceResult read = client.readResource(new McpSchema.ReadResourceRequest(
                "schema://tables/staff"));
        // without spaces, so that the expectations need not follow how PostgreSQL spaces a definition
        return ((McpSchema.TextResourceContents) read.contents().getFirst()).text().replace(" ", "");
    }
}
