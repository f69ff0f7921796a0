package io.fluxbase.mcp.kernel.compliance;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The figures of one period, the same for every format (JSON, Markdown, HTML). Calls are MCP requests and function
 * HTTP calls (audit category {@code mcp}); rows changed come from the row history, rows read are the rows answered by
 * calls that changed none.
 *
 * @param verification the command log's verification over the period; {@link Verification#notAvailable()} until the
 *                     log carries a hash chain
 */
public record ComplianceReport(Instant since, Instant until, Instant generatedAt, Totals totals, List<Key> keys,
        List<Access> access, List<Refusals> refusals, List<DataChange> dataChanges, List<AdminAction> adminActions,
        List<Runs> functions, List<Runs> jobs, List<Day> callsPerDay, Verification verification) {

    public ComplianceReport {
        keys = List.copyOf(keys);
        access = List.copyOf(access);
        refusals = List.copyOf(refusals);
        dataChanges = List.copyOf(dataChanges);
        adminActions = List.copyOf(adminActions);
        functions = List.copyOf(functions);
        jobs = List.copyOf(jobs);
        callsPerDay = List.copyOf(callsPerDay);
    }

    public record Totals(long calls, long ok, long errors, long denied, long rateLimited, long invalid, long rowsRead,
            long rowsChanged, long adminActions) {
    }

    /** A key as it stood at the end of the period; {@code status} is active, revoked or expired. */
    public record Key(String id, String name, String type, List<String> scopes, @Nullable String userId,
            String status, Instant createdAt, @Nullable Instant rotatedAt, @Nullable Instant revokedAt,
            @Nullable Instant expiresAt, @Nullable Instant lastUsedAt) {
    }

    /** One key's calls of one tool, resource or function ({@code target}) by {@code method}. */
    public record Access(@Nullable String keyId, @Nullable String keyName, String method, @Nullable String target,
            long calls, long rowsRead, long rowsChanged) {
    }

    /** One key's calls by outcome; a null key is a request that no key authenticated. */
    public record Refusals(@Nullable String keyId, @Nullable String keyName, long calls, long denied,
            long rateLimited, long invalid, long errors) {
    }

    public record DataChange(String table, @Nullable String keyId, @Nullable String keyName, long inserted,
            long updated, long deleted) {
    }

    public record AdminAction(Instant time, String action, @Nullable String target, String outcome,
            @Nullable String keyId, @Nullable String digest, @Nullable String ip, @Nullable String message) {
    }

    /** Runs of one function or job name: {@code failed} is every run that did not end ok. */
    public record Runs(String name, long runs, long succeeded, long failed) {
    }

    public record Day(LocalDate day, long ok, long errors, long denied, long rateLimited, long invalid) {

        public long calls() {
            return ok + errors + denied + rateLimited + invalid;
        }
    }

    /** @param status {@code verified}, {@code failed} or {@code not available} */
    public record Verification(String status, String detail) {

        public static Verification notAvailable() {
            return new Verification("not available", "the command log carries no hash chain on this server yet,"
                    + " so the period cannot be verified");
        }
    }
}
