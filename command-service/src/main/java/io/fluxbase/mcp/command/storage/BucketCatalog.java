package io.fluxbase.mcp.command.storage;

import io.fluxbase.mcp.kernel.audit.TimeOrderedIds;
import io.fluxbase.mcp.kernel.storage.BucketAdmin;
import io.fluxbase.mcp.kernel.storage.BucketCreatedEvent;
import io.fluxbase.mcp.kernel.storage.BucketDeletedEvent;
import io.fluxbase.mcp.kernel.storage.BucketName;
import io.fluxbase.mcp.kernel.storage.BucketNotFound;
import io.fluxbase.mcp.kernel.storage.BucketRules;
import io.fluxbase.mcp.kernel.storage.BucketUpdatedEvent;
import io.fluxbase.mcp.kernel.storage.BucketView;
import io.fluxbase.mcp.kernel.storage.CreateBucketCommand;
import io.fluxbase.mcp.kernel.storage.DeleteBucketCommand;
import io.fluxbase.mcp.kernel.storage.FileDeletedEvent;
import io.fluxbase.mcp.kernel.storage.UpdateBucketCommand;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The owner's bucket lifecycle, on the server's own connection: the bucket row and its event commit in one
 * transaction (the event store joins the transaction's connection). A forced delete removes the bucket's files in
 * the same transaction, each with its FileDeleted; their content is collected later, once nothing refers to it.
 */
@Component
class BucketCatalog implements BucketAdmin {

    private static final String VIEW = "SELECT b.id, b.public, b.file_size_limit, b.allowed_mime_types, b.created_at,"
            + " b.updated_at, count(o.id), coalesce(sum(o.size), 0) FROM storage.buckets b"
            + " LEFT JOIN storage.objects o ON o.bucket_id = b.id";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final EventStore events;

    BucketCatalog(JdbcTemplate jdbc, TransactionTemplate transaction, EventStore events) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.events = events;
    }

    @Override
    public BucketView create(CreateBucketCommand command) {
        String bucket = BucketName.check(command.bucket(), "name");
        BucketRules rules = command.rules();
        transaction.executeWithoutResult(status -> {
            try {
                jdbc.update("INSERT INTO storage.buckets (id, name, public, file_size_limit, allowed_mime_types)"
                        + " VALUES (?, ?, ?, ?, ?)", bucket, bucket, rules.isPublic(), rules.fileSizeLimit(),
                        types(rules));
            } catch (DuplicateKeyException e) {
                throw new IllegalStateException("a bucket named '" + bucket + "' already exists; 'fluxbase storage"
                        + " buckets update " + bucket + "' changes its settings");
            }
            publish(new BucketCreatedEvent(bucket, rules.isPublic(), rules.fileSizeLimit(), rules.allowedTypes()));
        });
        return find(bucket).orElseThrow();
    }

    @Override
    public BucketView update(UpdateBucketCommand command) {
        BucketRules rules = command.rules();
        transaction.executeWithoutResult(status -> {
            int updated = jdbc.update("UPDATE storage.buckets SET public = ?, file_size_limit = ?,"
                    + " allowed_mime_types = ?, updated_at = now() WHERE id = ?", rules.isPublic(),
                    rules.fileSizeLimit(), types(rules), command.bucket());
            if (updated == 0) {
                throw new BucketNotFound(command.bucket());
            }
            publish(new BucketUpdatedEvent(command.bucket(), rules.isPublic(), rules.fileSizeLimit(),
                    rules.allowedTypes()));
        });
        return find(command.bucket()).orElseThrow();
    }

    @Override
    public long delete(DeleteBucketCommand command) {
        Long removed = transaction.execute(status -> {
            // the row lock keeps uploads out while the bucket is checked and emptied
            List<String> found = jdbc.queryForList("SELECT id FROM storage.buckets WHERE id = ? FOR UPDATE",
                    String.class, command.bucket());
            if (found.isEmpty()) {
                throw new BucketNotFound(command.bucket());
            }
            long files = jdbc.queryForObject("SELECT count(*) FROM storage.objects WHERE bucket_id = ?", Long.class,
                    command.bucket());
            if (files > 0 && !command.force()) {
                throw new IllegalStateException("bucket '" + command.bucket() + "' holds " + files + " file"
                        + (files == 1 ? "" : "s") + "; delete them first, or pass --force to delete them with it");
            }
            String callId = TimeOrderedIds.next();
            List<Object> deleted = new ArrayList<>();
            jdbc.query("DELETE FROM storage.objects WHERE bucket_id = ? RETURNING name, size, sha256",
                    (ResultSet row) -> {
                        deleted.add(new FileDeletedEvent(command.bucket(), row.getString(1), row.getLong(2),
                                row.getString(3), null, callId));
                    }, command.bucket());
            jdbc.update("DELETE FROM storage.buckets WHERE id = ?", command.bucket());
            deleted.forEach(this::publish);
            publish(new BucketDeletedEvent(command.bucket(), deleted.size()));
            return (long) deleted.size();
        });
        return removed == null ? 0 : removed;
    }

    @Override
    public Optional<BucketView> find(String bucket) {
        return jdbc.query(VIEW + " WHERE b.id = ? GROUP BY b.id", BucketCatalog::view, bucket).stream().findFirst();
    }

    @Override
    public List<BucketView> list() {
        return jdbc.query(VIEW + " GROUP BY b.id ORDER BY b.id", BucketCatalog::view);
    }

    private void publish(Object event) {
        events.publish(GenericEventMessage.asEventMessage(event));
    }

    private static String[] types(BucketRules rules) {
        return rules.allowedTypes().isEmpty() ? null : rules.allowedTypes().toArray(String[]::new);
    }

    static BucketView view(ResultSet row, int index) throws SQLException {
        long limit = row.getLong(3);
        Long fileSizeLimit = row.wasNull() ? null : limit;
        Array types = row.getArray(4);
        BucketRules rules = new BucketRules(row.getBoolean(2), fileSizeLimit,
                types == null ? List.of() : List.of((String[]) types.getArray()));
        return new BucketView(row.getString(1), rules, row.getLong(7), row.getLong(8),
                row.getTimestamp(5).toInstant(), row.getTimestamp(6).toInstant());
    }
}
