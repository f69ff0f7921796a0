package io.fluxbase.mcp.query.table;

import io.fluxbase.mcp.callerdb.CallerDataSources;
import io.fluxbase.mcp.callerdb.CallerTrip;
import io.fluxbase.mcp.callerdb.CallerWorkers;
import io.fluxbase.mcp.callerdb.JdbcStatements;
import io.fluxbase.mcp.callerdb.RefusedValues;
import io.fluxbase.mcp.kernel.caller.CallerSettings;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.data.RowsPage;
import io.fluxbase.mcp.kernel.data.SelectRowsQuery;
import io.fluxbase.mcp.kernel.data.TableReader;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.filter.FilterSyntaxError;
import io.fluxbase.mcp.kernel.filter.Operator;
import io.fluxbase.mcp.kernel.sql.AnswerCap;
import io.fluxbase.mcp.kernel.sql.BoundSql;
import io.fluxbase.mcp.kernel.sql.SelectStatement;
import io.fluxbase.mcp.kernel.sql.UnknownColumnException;
import io.fluxbase.mcp.kernel.table.TableShape;
import io.fluxbase.mcp.query.catalog.CatalogQueries;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * query_table's read: under the caller's role, check the request against the live table shape, run the one
 * parameterised SELECT, and stop at the row limit or the byte cap, saying where to continue. The cap is applied by
 * PostgreSQL ({@link AnswerCap}), so rows beyond it never reach the server.
 *
 * <p>The whole transaction (open read-only under the role and claims, the SELECT, the session reset, COMMIT) goes
 * out in one round trip over JDBC, on a connection for kernel-built SQL, whose statements stay prepared on the
 * server; the caller's claims are a parameter, so the same prepared opening serves every caller of the role.
 */
@Component
class TableReadHandler implements TableReader {

    private static final Logger log = LoggerFactory.getLogger(TableReadHandler.class);

    /** BEGIN READ ONLY and the role and claims answer before the SELECT. */
    private static final int OPENING_RESULTS = 2;

    private final CallerDataSources callers;
    private final CallerWorkers workers;
    private final CatalogQueries catalog;
    private final Duration timeout;

    TableReadHandler(CallerDataSources callers, CallerWorkers workers, CatalogQueries catalog,
            @Value("${fluxbase.mcp.read-timeout:PT30S}") String readTimeout) {
        this.callers = callers;
        this.workers = workers;
        this.catalog = catalog;
        this.timeout = Duration.parse(readTimeout);
    }

    @Override
    public CompletableFuture<RowsPage> select(SelectRowsQuery query) {
        // a table whose columns the role may only write is as unknown to a read as a missing one
        return catalog.tableShape(query.caller(), query.table())
                .thenCompose(shape -> shape.filter(TableShape::hasReadableColumns)
                        .map(found -> read(found, query))
                        .orElseGet(() -> CompletableFuture.failedFuture(
                                DataAccessRefusal.unknownTable(query.table()))));
    }

    private CompletableFuture<RowsPage> read(TableShape shape, SelectRowsQuery query) {
        BoundSql sql;
        try {
            // one row beyond the limit tells whether there is more
            sql = AnswerCap.capped(SelectStatement.select(shape, query.columns(), query.filter(), query.order(),
                    query.limit() + 1, query.offset()), query.byteCap());
        } catch (UnknownColumnException e) {
            return CompletableFuture.failedFuture(new DataAccessRefusal(ErrorCode.UNKNOWN_COLUMN, e.argument(),
                    e.getMessage()));
        } catch (FilterSyntaxError e) {
            // an operator that cannot apply to its column, e.g. 'in' on an array column: known before any SQL runs
            return CompletableFuture.failedFuture(new DataAccessRefusal(ErrorCode.INVALID_ARGUMENT, e.argument(),
                    e.getMessage()));
        }
        CompletableFuture<RowsPage> done = new CompletableFuture<>();
        if (!workers.execute(() -> carryOut(sql, query, done))) {
            done.completeExceptionally(new IllegalStateException("the server is stopping and takes no more reads"));
        }
        return done;
    }

    private void carryOut(BoundSql sql, SelectRowsQuery query, CompletableFuture<RowsPage> done) {
        CallerTrip trip = CallerTrip.read(query.caller(), timeout).then(sql).then(CallerSettings.CLOSE_READ);
        DataSource pool = callers.forBuiltSql(query.caller().databaseRole());
        try {
            List<JdbcStatements.Outcome> outcomes = CallerDataSources.againIfAStatementWasLost(
                    lastTry -> read(pool, trip, lastTry));
            done.complete(page(outcomes.get(OPENING_RESULTS).rows(), query));
        } catch (SQLException e) {
            // 'is' binds no value
            boolean valuesBound = query.filter().stream().anyMatch(condition -> condition.op() != Operator.IS);
            done.completeExceptionally(PostgresRefusals.refusesAValue(e) ? refusedValue(e, pool, sql, query)
                    : PostgresRefusals.translate(e, timeout, valuesBound));
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    /**
     * A read PostgreSQL refused for a value: the filter value it was, cast again on its own on the caller's connection
     * in a read-only transaction of the key's role and claims that is rolled back; when none is refused, the value
     * was the table's own (a row's, read through a view's expression, say), which no change of the filter mends.
     */
    private Throwable refusedValue(SQLException error, DataSource pool, BoundSql sql, SelectRowsQuery query) {
        try (Connection connection = pool.getConnection()) {
            boolean ended = false;
            try {
                Optional<DataAccessRefusal> named = CallerTrip.read(query.caller(), timeout)
                        .lookAndRollBack(connection, inRead -> RefusedValues.firstOf(inRead, sql));
                ended = true;
                return named.orElseGet(() -> PostgresRefusals.ofTheTablesOwn(error, query.table()));
            } finally {
                if (!ended) {
                    CallerDataSources.discard(pool, connection);
                }
            }
        } catch (SQLException | RuntimeException e) { // the read's answer must not wait on this
            log.warn("a read refused for a value could not be told in full; it is told as PostgreSQL refused it", e);
            return error;
        }
    }

    private static List<JdbcStatements.Outcome> read(DataSource pool, CallerTrip trip, boolean lastTry)
            throws SQLException {
        try (Connection connection = pool.getConnection()) {
            boolean ended = false;
            try {
                List<JdbcStatements.Outcome> outcomes = trip.execute(connection);
                ended = true;
                return outcomes;
            } catch (SQLException e) {
                if (!CallerDataSources.runsAgain(e, lastTry)) {
                    // the failed statement aborted the transaction and the rest of the trip was skipped
                    JdbcStatements.run(connection, CallerSettings.ABANDON_READ);
                    ended = true;
                }
                throw e;
            } finally {
                if (!ended) {
                    // a transaction in an unknown state, or a connection that lost a statement, is never lent again
                    CallerDataSources.discard(pool, connection);
                }
            }
        }
    }

    private static RowsPage page(List<String[]> rows, SelectRowsQuery query) {
        List<String> kept = new ArrayList<>(Math.min(rows.size(), query.limit()));
        long bytes = 0;
        for (String[] row : rows) {
            if (AnswerCap.beyondCap(row) && kept.isEmpty() && query.limit() > 0) {
                throw new DataAccessRefusal(ErrorCode.ANSWER_TOO_LARGE, "select", "select: the row at offset "
                        + query.offset() + " alone is larger than the " + query.byteCap() + " bytes one answer may"
                        + " hold (mcp.max_result_bytes); leave its largest columns out with 'select'");
            }
            if (kept.size() == query.limit() || AnswerCap.beyondCap(row)) {
                return new RowsPage(kept, true, query.offset() + kept.size(), bytes);
            }
            kept.add(row[0]);
            bytes += row[0].getBytes(StandardCharsets.UTF_8).length;
        }
        return new RowsPage(kept, false, null, bytes);
    }
}
