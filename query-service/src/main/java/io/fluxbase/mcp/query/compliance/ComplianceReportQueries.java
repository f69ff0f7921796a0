package io.fluxbase.mcp.query.compliance;

import io.fluxbase.mcp.kernel.chain.ChainedLog;
import io.fluxbase.mcp.kernel.compliance.ComplianceReport;
import io.fluxbase.mcp.kernel.compliance.ComplianceReport.Access;
import io.fluxbase.mcp.kernel.compliance.ComplianceReport.AdminAction;
import io.fluxbase.mcp.kernel.compliance.ComplianceReport.DataChange;
import io.fluxbase.mcp.kernel.compliance.ComplianceReport.Day;
import io.fluxbase.mcp.kernel.compliance.ComplianceReport.Key;
import io.fluxbase.mcp.kernel.compliance.ComplianceReport.Refusals;
import io.fluxbase.mcp.kernel.compliance.ComplianceReport.Runs;
import io.fluxbase.mcp.kernel.compliance.ComplianceReport.Totals;
import io.fluxbase.mcp.kernel.compliance.ComplianceReport.Verification;
import io.fluxbase.mcp.kernel.compliance.ComplianceReportQuery;
import io.fluxbase.mcp.kernel.compliance.ComplianceReports;
import io.fluxbase.mcp.query.db.Conversations;
import io.fluxbase.mcp.query.db.R2dbcValues;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One SQL aggregate per section over fluxbase.audit_log, key_registry, row_history, function_executions and
 * job_status; $1 and $2 are the period's bounds. A call is a record of category mcp, or auth (a refused
 * authentication); key lifecycle recorded under auth before the admin category existed counts as an admin action.
 */
@Component
class ComplianceReportQueries implements ComplianceReports {

    static final int ACCESS_ROWS = 1_000;
    private static final String CALLS = "(category = 'mcp' OR (category = 'auth' AND method NOT LIKE 'clientkeys.%'))";
    private static final String ADMIN = "(category = 'admin' OR (category = 'auth' AND method LIKE 'clientkeys.%'))";
    /**
     * How many requests a record stands for: one, except the summary of an address's refused requests in a minute
     * past the first (AuthFailureThrottle), which stands for as many as its rows say.
     */
    private static final String REQUESTS = "CASE WHEN category = 'auth' AND method = 'refused requests'"
            + " THEN greatest(rows, 1) ELSE 1 END";
    private static final String OUTCOMES = """
            coalesce(sum(%1$s) FILTER (WHERE outcome = 'ok'), 0)::bigint AS ok,
            coalesce(sum(%1$s) FILTER (WHERE outcome = 'error'), 0)::bigint AS errors,
            coalesce(sum(%1$s) FILTER (WHERE outcome = 'denied'), 0)::bigint AS denied,
            coalesce(sum(%1$s) FILTER (WHERE outcome = 'rate_limited'), 0)::bigint AS rate_limited,
            coalesce(sum(%1$s) FILTER (WHERE outcome = 'invalid'), 0)::bigint AS invalid""".formatted(REQUESTS);

    private static final String KEYS = """
            SELECT k.key_id, k.name, k.key_type, k.scopes, k.user_id, k.created_at, k.expires_at,
                   CASE WHEN k.revoked_at < $2 THEN k.revoked_at END AS revoked_at,
                   CASE WHEN k.revoked_at < $2 THEN 'revoked' WHEN k.expires_at <= $2 THEN 'expired'
                        ELSE 'active' END AS status,
                   (SELECT max(a.time) FROM fluxbase.audit_log a WHERE a.key_id = k.key_id
                      AND a.method = 'clientkeys.rotate' AND a.time < $2) AS rotated_at,
                   (SELECT max(a.time) FROM fluxbase.audit_log a WHERE a.key_id = k.key_id
                      AND a.category = 'mcp' AND a.time < $2) AS last_used_at
            FROM fluxbase.key_registry k WHERE k.created_at < $2 AND $1 < $2 -- $1 is bound to every section
            ORDER BY k.created_at, k.key_id""";
    /**
     * The {@value #ACCESS_ROWS} groups with the most calls; each key's other groups are folded into one row (method
     * {@code (others)}), so a key that calls many names (a resource URI per row, say) cannot make the report, or the
     * server making it, grow without bound, and the totals still add up.
     */
    private static final String ACCESS = """
            WITH grouped AS (
                SELECT a.key_id, max(a.key_name) AS key_name, a.method, a.target, a.table_name, count(*) AS calls,
                       coalesce(sum(a.rows) FILTER (WHERE c.changed IS NULL), 0)::bigint AS rows_read,
                       coalesce(sum(c.changed), 0)::bigint AS rows_changed,
                       row_number() OVER (ORDER BY count(*) DESC, a.key_id NULLS LAST, a.method,
                                          a.target NULLS FIRST, a.table_name NULLS FIRST) AS place
                FROM fluxbase.audit_log a
                LEFT JOIN (SELECT call_id, count(*) AS changed FROM fluxbase.row_history
                           WHERE time >= $1 - interval '1 hour' AND time < $2 + interval '1 hour'
                             AND operation <> 'key_change'
                           GROUP BY call_id) c USING (call_id)
                WHERE a.category = 'mcp' AND a.time >= $1 AND a.time < $2
                GROUP BY a.key_id, a.method, a.target, a.table_name)
            SELECT key_id, key_name, method, target, table_name, calls, rows_read, rows_changed, place
            FROM grouped WHERE place <= %1$d
            UNION ALL
            SELECT key_id, max(key_name), '(others)', count(*) || ' more groups', NULL,
                   sum(calls)::bigint, sum(rows_read)::bigint, sum(rows_changed)::bigint, %1$d + 1
            FROM grouped WHERE place > %1$d GROUP BY key_id
            ORDER BY place, calls DESC, key_id NULLS LAST""".formatted(ACCESS_ROWS);
    private static final String REFUSALS = "SELECT key_id, max(key_name) AS key_name, sum(" + REQUESTS
            + ")::bigint AS calls, " + OUTCOMES + " FROM fluxbase.audit_log WHERE " + CALLS
            + " AND time >= $1 AND time < $2 GROUP BY key_id"
            + " ORDER BY sum(" + REQUESTS + ") FILTER (WHERE outcome <> 'ok') DESC NULLS LAST, calls DESC,"
            + " key_id NULLS LAST";
    private static final String CHANGES = """
            SELECT h.table_name, h.key_id, max(k.name) AS key_name,
                   count(*) FILTER (WHERE h.operation = 'insert') AS inserted,
                   count(*) FILTER (WHERE h.operation = 'update') AS updated,
                   count(*) FILTER (WHERE h.operation = 'delete') AS deleted
            FROM fluxbase.row_history h LEFT JOIN fluxbase.key_registry k ON k.key_id = h.key_id
            WHERE h.time >= $1 AND h.time < $2
            GROUP BY h.table_name, h.key_id ORDER BY h.table_name, count(*) DESC, h.key_id NULLS LAST""";
    private static final String ADMIN_ACTIONS = "SELECT time, method, target, outcome, key_id, argument_digest, ip,"
            + " message FROM fluxbase.audit_log WHERE " + ADMIN + " AND time >= $1 AND time < $2"
            + " ORDER BY time, global_index";
    private static final String FUNCTIONS = """
            SELECT name, count(*) AS runs, count(*) FILTER (WHERE outcome = 'ok') AS succeeded,
                   count(*) FILTER (WHERE outcome <> 'ok') AS failed
            FROM fluxbase.function_executions WHERE time >= $1 AND time < $2 GROUP BY name ORDER BY runs DESC, name""";
    private static final String JOBS = """
            SELECT name, count(*) AS runs, count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
                   count(*) FILTER (WHERE finished_at IS NOT NULL AND status <> 'succeeded') AS failed
            FROM fluxbase.job_status
            WHERE coalesce(started_at, submitted_at) >= $1 AND coalesce(started_at, submitted_at) < $2
            GROUP BY name ORDER BY runs DESC, name""";
    private static final String DAYS = "SELECT (time AT TIME ZONE 'UTC')::date AS day, " + OUTCOMES
            + " FROM fluxbase.audit_log WHERE " + CALLS + " AND time >= $1 AND time < $2 GROUP BY 1 ORDER BY 1";

    private final DatabaseClient db;
    private final ChainedLog chain;
    private final boolean chained;

    ComplianceReportQueries(DatabaseClient db, ChainedLog chain,
            @Value("${fluxbase.audit.chain:on}") String chainSetting) {
        this.db = db;
        this.chain = chain;
        this.chained = "on".equals(chainSetting);
    }

    @Override
    public CompletableFuture<ComplianceReport> report(ComplianceReportQuery query) {
        Instant generatedAt = Instant.now();
        return Conversations.toFuture(Mono.zip(arguments -> assemble(query, generatedAt, arguments),
                rows(query, KEYS, ComplianceReportQueries::key),
                rows(query, ACCESS, row -> new Access(text(row, "key_id"), text(row, "key_name"),
                        row.get("method", String.class), text(row, "target"), text(row, "table_name"), number(row, "calls"),
                        number(row, "rows_read"), number(row, "rows_changed"))),
                rows(query, REFUSALS, row -> new Refusals(text(row, "key_id"), text(row, "key_name"),
                        number(row, "calls"), number(row, "denied"), number(row, "rate_limited"),
                        number(row, "invalid"), number(row, "errors"))),
                rows(query, CHANGES, row -> new DataChange(row.get("table_name", String.class), text(row, "key_id"),
                        text(row, "key_name"), number(row, "inserted"), number(row, "updated"),
                        number(row, "deleted"))),
                rows(query, ADMIN_ACTIONS, row -> new AdminAction(R2dbcValues.time(row, "time"),
                        row.get("method", String.class), text(row, "target"), row.get("outcome", String.class),
                        text(row, "key_id"), text(row, "argument_digest"), text(row, "ip"), text(row, "message"))),
                rows(query, FUNCTIONS, ComplianceReportQueries::runs),
                rows(query, JOBS, ComplianceReportQueries::runs),
                rows(query, DAYS, row -> new Day(row.get("day", LocalDate.class), number(row, "ok"),
                        number(row, "errors"), number(row, "denied"), number(row, "rate_limited"),
                        number(row, "invalid"))),
                verification(query)));
    }

    /** A full walk (about 20 s per million records here) on a thread that may block, like {@code logs verify}. */
    private Mono<Verification> verification(ComplianceReportQuery query) {
        if (!chained) {
            return Mono.just(Verification.notAvailable("audit.chain is off on this server: the command log carries"
                    + " no hash chain, so the period cannot be verified"));
        }
        return Mono.fromCallable(() -> Verification.of(chain.verify(query.since(), null, "the server's key",
                (done, total) -> { }), query.since())).subscribeOn(Schedulers.boundedElastic());
    }

    @SuppressWarnings("unchecked")
    private static ComplianceReport assemble(ComplianceReportQuery query, Instant generatedAt, Object[] sections) {
        List<Access> access = (List<Access>) sections[1];
        List<Day> days = (List<Day>) sections[7];
        List<AdminAction> admin = (List<AdminAction>) sections[4];
        Totals totals = new Totals(days.stream().mapToLong(Day::calls).sum(), days.stream().mapToLong(Day::ok).sum(),
                days.stream().mapToLong(Day::errors).sum(), days.stream().mapToLong(Day::denied).sum(),
                days.stream().mapToLong(Day::rateLimited).sum(), days.stream().mapToLong(Day::invalid).sum(),
                access.stream().mapToLong(Access::rowsRead).sum(), access.stream().mapToLong(Access::rowsChanged).sum(),
                admin.size());
        return new ComplianceReport(query.since(), query.until(), generatedAt, totals, (List<Key>) sections[0],
                access, (List<Refusals>) sections[2], (List<DataChange>) sections[3], admin,
                (List<Runs>) sections[5], (List<Runs>) sections[6], days, (Verification) sections[8]);
    }

    private <T> Mono<List<T>> rows(ComplianceReportQuery query, String sql, Function<Readable, T> row) {
        return db.sql(sql)
                .bind(0, OffsetDateTime.ofInstant(query.since(), ZoneOffset.UTC))
                .bind(1, OffsetDateTime.ofInstant(query.until(), ZoneOffset.UTC))
                .map(row::apply)
                .all()
                .collectList();
    }

    private static Key key(Readable row) {
        Instant expiresAt = R2dbcValues.optionalTime(row, "expires_at");
        Instant revokedAt = R2dbcValues.optionalTime(row, "revoked_at");
        String[] scopes = row.get("scopes", String[].class);
        UUID userId = row.get("user_id", UUID.class);
        return new Key(row.get("key_id", String.class), row.get("name", String.class),
                row.get("key_type", String.class), scopes == null ? List.of() : Arrays.asList(scopes),
                userId == null ? null : userId.toString(), row.get("status", String.class),
                R2dbcValues.time(row, "created_at"), R2dbcValues.optionalTime(row, "rotated_at"), revokedAt, expiresAt,
                R2dbcValues.optionalTime(row, "last_used_at"));
    }

    private static Runs runs(Readable row) {
        return new Runs(row.get("name", String.class), number(row, "runs"), number(row, "succeeded"),
                number(row, "failed"));
    }

    private static @Nullable String text(Readable row, String column) {
        return row.get(column, String.class);
    }

    private static long number(Readable row, String column) {
        Long value = row.get(column, Long.class);
        return value == null ? 0 : value;
    }
}
