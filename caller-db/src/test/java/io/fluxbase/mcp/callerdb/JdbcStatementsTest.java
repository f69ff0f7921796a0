package io.fluxbase.mcp.callerdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcStatementsTest {

    @Test
    void numberedPlaceholdersBecomeJdbcPlaceholdersInOrder() {
        assertThat(JdbcStatements.jdbcText("UPDATE t SET \"a\" = CAST($1 AS int) WHERE _t.\"b\" = ANY(CAST($2 AS"
                + " text[])) LIMIT $3")).isEqualTo("UPDATE t SET \"a\" = CAST(? AS int) WHERE _t.\"b\" = ANY(CAST(? AS"
                + " text[])) LIMIT ?");
    }

    @Test
    void dollarsInsideQuotedNamesAndLiteralsStayText() {
        assertThat(JdbcStatements.jdbcText("SELECT \"price$1\", '$2' FROM t WHERE x = $1"))
                .isEqualTo("SELECT \"price$1\", '$2' FROM t WHERE x = ?");
    }

    @Test
    void refusesPlaceholdersOutOfOrderAndBareQuestionMarks() {
        assertThatThrownBy(() -> JdbcStatements.jdbcText("SELECT $2, $1")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> JdbcStatements.jdbcText("SELECT data ? 'k' FROM t"))
                .isInstanceOf(IllegalStateException.class);
    }
}
