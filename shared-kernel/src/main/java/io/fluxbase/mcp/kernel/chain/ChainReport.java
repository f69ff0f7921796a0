package io.fluxbase.mcp.kernel.chain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a verification: OK with the count and time range of the records checked, or the first finding.
 *
 * @param pruned records retention removed before its cut; their links were checked, their content cannot be
 */
public record ChainReport(@Nullable ChainFinding finding, long records, long pruned, int checkpoints,
        @Nullable Instant from, @Nullable Instant to, @Nullable Long lastPosition, Retention.Cut cut) {

    public boolean ok() {
        return finding == null;
    }

    /** One line a person reads. */
    public String summary() {
        if (finding != null) {
            return finding.kind().wireName().toUpperCase(java.util.Locale.ROOT) + ": " + finding.record() + ": "
                    + finding.message();
        }
        if (records == 0 && pruned == 0) {
            return "OK: the chain has no records in this range yet";
        }
        return "OK: " + records + " records verified, " + from + " to " + to + ", through chain position "
                + lastPosition + ", " + signedCheckpoints(checkpoints) + " verified" + prunedNote();
    }

    /** "1 signed checkpoint", "3 signed checkpoints". */
    public static String signedCheckpoints(long count) {
        return count + (count == 1 ? " signed checkpoint" : " signed checkpoints");
    }

    private String prunedNote() {
        return cut.position() == 0 ? "" : "; " + pruned + " records at or before position " + cut.position()
                + " (" + cut.time() + ") were pruned by retention: out of range, their links verified";
    }

    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("ok", ok());
        view.put("records", records);
        view.put("from", from == null ? null : from.toString());
        view.put("to", to == null ? null : to.toString());
        view.put("last_position", lastPosition);
        view.put("checkpoints_verified", checkpoints);
        view.put("pruned", pruned);
        view.put("pruned_through", cut.position() == 0 ? null : Map.of("position", cut.position(),
                "time", String.valueOf(cut.time())));
        view.put("finding", finding == null ? null : finding.view());
        view.put("summary", summary());
        return view;
    }
}
