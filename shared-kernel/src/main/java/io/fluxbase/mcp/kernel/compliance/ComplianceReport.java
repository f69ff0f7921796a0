package io.fluxbase.mcp.kernel.compliance;

import io.fluxbase.mcp.kernel.chain.ChainFinding;
import io.fluxbase.mcp.kernel.chain.ChainReport;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The figures of one period, the same for every format (JSON, Markdown, HTML). Calls are MCP requests and function
 * HTTP calls (audit category {@code mcp}); rows changed come from the row history, rows read are the rows answered by
 * calls that changed none.
 *
 * @param verification the command log's chain verified over the period when the report was made
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

    /**
     * One key's calls of one tool, resource or function ({@code target}) by {@code method}, per table for the tools
     * that read or change one ({@code table} is null for the others).
     */
    public record Access(@Nullable String keyId, @Nullable String keyName, String method, @Nullable String target,
            @Nullable String table, long calls, long rowsRead, long rowsChanged) {
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

    /**
     * The command log's chain verified when the report was made, from the first record chained in the period to the
     * chain's head (later records included: the links after the period are what vouch for it).
     *
     * @param status        {@code verified}, {@code failed} or {@code not available}
     * @param records       records whose content was checked
     * @param firstPosition the chain positions walked, null when none were
     * @param checkpoints   signed checkpoints verified on the way
     * @param finding       the first record found altered, deleted, inserted or reordered, named
     */
    public record Verification(String status, String detail, long records, @Nullable Long firstPosition,
            @Nullable Long lastPosition, int checkpoints, @Nullable String finding) {

        public static Verification notAvailable(String why) {
            return new Verification("not available", why, 0, null, null, 0, null);
        }

        public static Verification of(ChainReport chain, Instant since) {
            Long first = chain.lastPosition() == null ? null : chain.lastPosition() - chain.records() - chain.pruned()
                    + 1;
            ChainFinding finding = chain.finding();
            if (finding != null) {
                return new Verification("failed", finding.kind().wireName() + ": " + finding.record() + ": "
                        + finding.message(), chain.records(), first, chain.lastPosition(), chain.checkpoints(),
                        finding.record());
            }
            String detail = first == null ? "no records were chained from " + since + " on"
                    : chain.records() + " records, chain positions " + first + ".." + chain.lastPosition()
                            + " (from the period's start to the chain's head), "
                            + ChainReport.signedCheckpoints(chain.checkpoints()) + (chain.pruned() == 0 ? "" : "; " + chain.pruned()
                                    + " records before the retention cut at position " + chain.cut().position()
                                    + " were pruned, their links verified");
            return new Verification("verified", detail, chain.records(), first, chain.lastPosition(),
                    chain.checkpoints(), null);
        }
    }
}
