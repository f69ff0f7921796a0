package io.fluxbase.mcp.query.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;

class StoreFailuresTest {

    @ParameterizedTest
    @CsvSource({
            "22021, true",   // invalid byte sequence (a NUL)
            "22001, true",   // value too long
            "23505, true",   // unique violation
            "23514, true",   // check violation
            "54000, true",   // index row too big
            "08006, false",  // connection failure
            "57P01, false",  // server shutting down
            "40001, false",  // serialization failure
            "53300, false",  // too many connections
            "42703, false",  // undefined column: our bug, not the record's
            "25P02, false"}) // transaction already aborted
    void onlyTheRecordsOwnValuesAreSetAside(String sqlState, boolean aboutTheRecord) {
        SQLException refused = new SQLException("refused", sqlState);
        assertThat(StoreFailures.isAboutTheRecord(new UncategorizedSQLException("insert", "sql", refused)))
                .as(sqlState).isEqualTo(aboutTheRecord);
    }

    @Test
    void aBatchErrorIsJudgedAndDescribedByTheServerErrorInsideIt() {
        SQLException server = new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO ... VALUES ('secret')",
                null, new int[0]);
        batch.setNextException(server);
        DataIntegrityViolationException failure = new DataIntegrityViolationException("batch", batch);
        assertThat(StoreFailures.isAboutTheRecord(failure)).isTrue();
        assertThat(StoreFailures.describe(failure))
                .isEqualTo("SQLSTATE 22021: ERROR: invalid byte sequence for encoding \"UTF8\": 0x00");
    }

    @Test
    void aHandlersOwnFailureIsAboutTheRecordButALostDatabaseIsNot() {
        assertThat(StoreFailures.isAboutTheRecord(new IllegalStateException("no such field"))).isTrue();
        assertThat(StoreFailures.describe(new RuntimeException("wrapped", new IllegalStateException("no field"))))
                .isEqualTo("IllegalStateException: no field");
        assertThat(StoreFailures.isAboutTheRecord(new CannotGetJdbcConnectionException("pool exhausted"))).isFalse();
    }
}
