package io.fluxbase.mcp.command.storage;

import io.fluxbase.mcp.command.db.ForcedRowSecurity;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes content that no file refers to any more (after deletes and replacements), once it has been unreferenced
 * long enough that no upload still in flight can be about to refer to it again. The server's own upkeep, on its own
 * connection. Should an upload take up such content in the same instant, the foreign key from the file refuses one of
 * the two and nothing is lost: the collection is retried next time, or the upload is told to try again.
 */
@Component
public class ContentCollector {

    private static final Logger log = LoggerFactory.getLogger(ContentCollector.class);
    private static final Duration GRACE = Duration.ofHours(1);
    /**
     * Content collected per transaction: the rows stay locked while their objects are removed one by one, and an
     * upload of the same bytes waits for them, so a batch is kept small.
     */
    private static final int BATCH = 100;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ContentPlacement placement;
    private final AtomicBoolean collecting = new AtomicBoolean();

    ContentCollector(JdbcTemplate jdbc, TransactionTemplate transaction, ContentPlacement placement) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.placement = placement;
    }

    /** On a thread of its own: the scheduler's one thread also keeps the rate windows, which must not wait. */
    @Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT10M")
    void collectRegularly() {
        if (!collecting.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("content-collector").start(() -> {
            try {
                while (collect(GRACE) == BATCH) {
                    log.debug("more unreferenced file content to collect");
                }
            } catch (DataAccessException e) {
                // forced row-level security on storage.objects stops collection until the owner takes it off: the
                // server will not run the project's policies, nor collect content a policy merely hid from it
                ForcedRowSecurity.refusal(e, "storage.objects").ifPresentOrElse(
                        refusal -> log.warn("unreferenced file content is not collected: {}", refusal.getMessage()),
                        () -> log.info("unreferenced file content was not collected this time, trying again later:"
                                + " {}", e.getMostSpecificCause().getMessage()));
            } finally {
                collecting.set(false);
            }
        });
    }

    /**
     * Collects content created more than {@code grace} ago that no file refers to; returns how many (content whose
     * object could not be removed now stays, to be tried again after another grace period, and ends a run of full
     * batches). The rows stay locked while their
     * content is removed where it lives: an upload of the same bytes meanwhile waits for them (to enter its content,
     * or for its file's reference), and so never counts on content about to go.
     */
    public int collect(Duration grace) {
        Integer collected = transaction.execute(status -> {
            List<String> due = jdbc.queryForList("""
                    SELECT c.sha256 FROM fluxbase_storage.contents c
                    WHERE c.created_at < now() - make_interval(secs => ?)
                      AND NOT EXISTS (SELECT 1 FROM storage.objects o WHERE o.sha256 = c.sha256)
                    ORDER BY c.sha256 LIMIT ?
                    FOR UPDATE OF c SKIP LOCKED""", String.class, (double) grace.toSeconds(), BATCH);
            List<String> gone = placement.discard(due);
            jdbc.update("DELETE FROM fluxbase_storage.contents WHERE sha256 = ANY(?)",
                    (Object) gone.toArray(String[]::new));
            // content whose object stayed is tried again after another grace period, behind the rest, so that a few
            // objects the store keeps refusing to remove do not stand first in every batch
            jdbc.update("UPDATE fluxbase_storage.contents SET created_at = now() WHERE sha256 = ANY(?)"
                    + " AND NOT (sha256 = ANY(?))", (Object) due.toArray(String[]::new),
                    (Object) gone.toArray(String[]::new));
            return gone.size();
        });
        return collected == null ? 0 : collected;
    }
}
