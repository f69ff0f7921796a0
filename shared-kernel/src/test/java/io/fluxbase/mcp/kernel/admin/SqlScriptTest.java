package io.fluxbase.mcp.kernel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    private static List<String> statements(String script) {
        return SqlScript.split(script).stream().map(SqlScript.Statement::sql).toList();
    }

    @Test
    void splitsAtTopLevelSemicolons() {
        assertThat(statements("CREATE TABLE a (id int); INSERT INTO a VALUES (1);\nSELECT 1"))
                .containsExactly("CREATE TABLE a (id int)", "INSERT INTO a VALUES (1)", "SELECT 1");
    }

    @Test
    void keepsSemicolonsInsideQuotesCommentsAndDollarBodies() {
        String script = """
                INSERT INTO a VALUES ('x;y');
                -- a comment; with a semicolon
                CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $fn$ BEGIN RETURN 1; END $fn$;
                DO $$ BEGIN PERFORM 1; END $$;
                /* block; comment */ SELECT "odd;name" FROM a;
                """;
        assertThat(statements(script)).hasSize(4);
        assertThat(statements(script).get(1)).contains("RETURN 1; END");
        assertThat(statements(script).get(3)).contains("\"odd;name\"");
    }

    @Test
    void remembersTheLineEachStatementStartsOn() {
        List<SqlScript.Statement> statements = SqlScript.split("SELECT 1;\n\n-- note\nSELECT\n 2;");
        assertThat(statements).extracting(SqlScript.Statement::line).containsExactly(1, 4);
    }

    @Test
    void ignoresEmptyStatementsAndTrailingComments() {
        assertThat(statements(";;SELECT 1;; -- done")).containsExactly("SELECT 1");
        assertThat(statements("-- only a comment")).isEmpty();
    }

    @Test
    void namesEachStatementsKindForTheAudit() {
        assertThat(SqlScript.split("""
                CREATE TABLE a (id int);
                create or replace function f() returns int language sql as $$ select 1 $$;
                /* note */ CREATE UNIQUE INDEX i ON a (id);
                CREATE POLICY p ON a USING (true);
                ALTER TABLE a ENABLE ROW LEVEL SECURITY;
                CREATE MATERIALIZED VIEW v AS SELECT 1;
                INSERT INTO a VALUES (1);
                DROP TABLE a
                """)).extracting(SqlScript.Statement::kind).containsExactly("CREATE TABLE", "CREATE FUNCTION",
                "CREATE INDEX", "CREATE POLICY", "ALTER TABLE", "CREATE MATERIALIZED VIEW", "INSERT", "DROP TABLE");
    }
}
