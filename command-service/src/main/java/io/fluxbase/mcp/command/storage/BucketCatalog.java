package io.fluxbase.mcp.command.storage;

import io.fluxbase.mcp.command.db.ForcedRowSecurity;
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

    private static final String[] STORAGE_TABLES = {"storage.buckets", "storage.objects"};

    // Every statement names storage's tables ONLY: their owner, the project's, may make tables that inherit from
    // them, whose rows a statement on the parent would reach, and whose triggers it would run with the server's rights.
    private static final String VIEW = "SELECT b.id, b.public, b.file_size_limit, b.allowed_mime_types, b.created_at,"
            + " b.updated_at, count(o.id), coalesce(sum(o.size), 0) FROM ONLY storage.buckets b"
            + " LEFT JOIN ONLY storage.objects o ON o.bucket_id = b.id";

    /**
     * What of the project's would run inside these statements, named: functions of its own (or of its operators) that
     * {@code tables}' triggers, column defaults, constraints and indexes call, columns of its own domain types, rules,
     * forced row-level security and, for a delete, the foreign keys of its tables that change their rows when a
     * bucket or file goes (their tables' triggers would run too). Policies that are not forced do not apply to the
     * server's login, a member of the tables' owner.
     */
    private static final String PROJECT_CODE = """
            WITH target AS (SELECT ?::regclass[] AS tables, ?::boolean AS deleting,
                                   (SELECT oid FROM pg_roles WHERE rolname = current_user) AS server)
            SELECT string_agg(DISTINCT found, '; ') FROM target, LATERAL (
                SELECT format('%s, which calls %s.%s', pg_describe_object(t.classid, t.objid, 0),
                              f.pronamespace::regnamespace, quote_ident(f.proname))
                FROM pg_depend t
                JOIN pg_depend d ON d.classid = t.classid AND d.objid = t.objid
                LEFT JOIN pg_operator o ON d.refclassid = 'pg_operator'::regclass AND o.oid = d.refobjid
                JOIN pg_proc f ON f.oid = CASE WHEN d.refclassid = 'pg_proc'::regclass THEN d.refobjid
                                               ELSE o.oprcode::oid END
                WHERE t.refclassid = 'pg_class'::regclass AND t.refobjid = ANY (target.tables)
                  AND t.classid IN ('pg_trigger'::regclass, 'pg_attrdef'::regclass, 'pg_constraint'::regclass,
                                    'pg_class'::regclass)
                  AND f.pronamespace <> 'pg_catalog'::regnamespace AND f.proowner <> target.server
                UNION ALL
                SELECT format('column %I of %s, of the type %s', a.attname, a.attrelid::regclass, a.atttypid::regtype)
                FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid
                WHERE a.attrelid = ANY (target.tables) AND a.attnum > 0 AND NOT a.attisdropped
                  AND ty.typtype = 'd' AND ty.typowner <> target.server
                UNION ALL
                SELECT format('rule %I on %s', r.rulename, r.ev_class::regclass) FROM pg_rewrite r
                WHERE r.ev_class = ANY (target.tables) AND r.rulename <> '_RETURN'
                UNION ALL
                SELECT format('forced row-level security on %s', c.oid::regclass) FROM pg_class c
                WHERE c.oid = ANY (target.tables) AND c.relforcerowsecurity
                UNION ALL
                SELECT format('foreign key %I of %s', k.conname, k.conrelid::regclass) FROM pg_constraint k
                WHERE target.deleting AND k.contype = 'f' AND k.confrelid = ANY (target.tables)
                  AND k.confdeltype IN ('c', 'n', 'd') AND k.conrelid <> ALL (target.tables)) project(found)""";

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
            refuseWhereProjectCodeWouldRun("bucket '" + bucket + "' was not created", "", false, "storage.buckets");
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
            refuseWhereProjectCodeWouldRun("bucket '" + command.bucket() + "' was not changed", "", false,
                    "storage.buckets");
            int updated = jdbc.update("UPDATE ONLY storage.buckets SET public = ?, file_size_limit = ?,"
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
        Long removed = ForcedRowSecurity.told(() -> transaction.execute(status -> {
            // the row lock keeps uploads out while the bucket is checked and emptied
            List<String> found = jdbc.queryForList("SELECT id FROM ONLY storage.buckets WHERE id = ? FOR UPDATE",
                    String.class, command.bucket());
            if (found.isEmpty()) {
                throw new BucketNotFound(command.bucket());
            }
            long files = jdbc.queryForObject("SELECT count(*) FROM ONLY storage.objects WHERE bucket_id = ?",
                    Long.class, command.bucket());
            if (files > 0 && !command.force()) {
                throw new IllegalStateException("bucket '" + command.bucket() + "' holds " + files + " file"
                        + (files == 1 ? "" : "s") + "; delete them first, or pass --force to delete them with it");
            }
            String outcome = "bucket '" + command.bucket() + "' was not deleted";
            if (files > 0) {
                refuseWhereProjectCodeWouldRun(outcome, "Remove its files with delete_file first (there the project's"
                        + " code runs under the key's role)", true, "storage.buckets", "storage.objects");
            } else {
                refuseWhereProjectCodeWouldRun(outcome, "", true, "storage.buckets");
            }
            String callId = TimeOrderedIds.next();
            List<Object> deleted = new ArrayList<>();
            if (files > 0) {
                jdbc.query("DELETE FROM ONLY storage.objects WHERE bucket_id = ? RETURNING name, size, sha256",
                        (ResultSet row) -> {
                            deleted.add(new FileDeletedEvent(command.bucket(), row.getString(1), row.getLong(2),
                                    row.getString(3), null, callId));
                        }, command.bucket());
            }
            jdbc.update("DELETE FROM ONLY storage.buckets WHERE id = ?", command.bucket());
            deleted.forEach(this::publish);
            publish(new BucketDeletedEvent(command.bucket(), deleted.size()));
            return (long) deleted.size();
        }), STORAGE_TABLES);
        return removed == null ? 0 : removed;
    }

    /**
     * Storage's tables belong to the project's schema owner, and these statements run as the server's own login:
     * code of the project's that ran inside them would have the server's rights, which reach the command log. So
     * such code refuses the change, naming it (files deleted with delete_file run it under the key's role). The lock,
     * the one the statements take anyway, keeps a trigger from being added between this look and them.
     */
    private void refuseWhereProjectCodeWouldRun(String outcome, String otherWay, boolean deleting,
            String... tables) {
        jdbc.execute("LOCK TABLE " + String.join(", ", tables) + " IN ROW EXCLUSIVE MODE");
        String names = "{" + String.join(",", tables) + "}";
        String found = jdbc.queryForObject(PROJECT_CODE, String.class, names, deleting);
        if (found != null) {
            throw new IllegalStateException(outcome + ": code of the project's would run in it with the server's own"
                    + " rights (" + found + "). " + (otherWay.isEmpty() ? "Take" : otherWay + ", or take")
                    + " that code off storage's tables for this change");
        }
    }

    @Override
    public Optional<BucketView> find(String bucket) {
        return ForcedRowSecurity.told(() -> jdbc.query(VIEW + " WHERE b.id = ? GROUP BY b.id", BucketCatalog::view,
                bucket).stream().findFirst(), STORAGE_TABLES);
    }

    @Override
    public List<BucketView> list() {
        return ForcedRowSecurity.told(() -> jdbc.query(VIEW + " GROUP BY b.id ORDER BY b.id", BucketCatalog::view),
                STORAGE_TABLES);
    }

    @Override
    public List<String> names() {
        return ForcedRowSecurity.told(() -> jdbc.queryForList("SELECT id FROM ONLY storage.buckets ORDER BY id",
                String.class), STORAGE_TABLES);
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
