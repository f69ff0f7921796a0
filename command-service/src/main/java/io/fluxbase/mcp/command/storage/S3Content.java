package io.fluxbase.mcp.command.storage;

import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 backend: content goes to the object store under its SHA-256 before the file's transaction, once however
 * many files hold it; the contents row then only registers it. Before the store is touched, the content is entered
 * in the contents table on the server's own connection, so that content whose file is then refused (a policy, a
 * bucket's limit) is known to the {@link ContentCollector} and leaves the store with it. Content the store did not
 * take stays entered too: a PUT can land and its answer be lost, so only the collector, which removes the object
 * before the row, may forget it.
 */
@Component
@ConditionalOnProperty(name = "fluxbase.storage.backend", havingValue = "s3")
class S3Content implements ContentPlacement {

    private static final Logger log = LoggerFactory.getLogger(S3Content.class);

    /**
     * Enters the content, or makes content already entered look new: the collector takes only content unreferenced
     * for an hour, and waits for nothing here; should it be collecting this very content, this waits for it to finish
     * (it holds the row while it removes the object), then enters it anew and the object is stored again. The wait
     * is bounded ({@link #ENTER_WAIT}): a slow store must not leave uploads holding the server's own connections.
     */
    private static final String ENTER = "INSERT INTO fluxbase_storage.contents (sha256, size) VALUES (?, ?)"
            + " ON CONFLICT (sha256) DO UPDATE SET created_at = now()";
    private static final String ENTER_WAIT = "SET LOCAL lock_timeout = '5s'";

    private final S3Client s3;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final String bucket;
    private final String prefix;

    S3Content(S3Client s3, JdbcTemplate jdbc, TransactionTemplate transaction,
            @Value("${fluxbase.storage.s3.bucket}") String bucket,
            @Value("${fluxbase.storage.s3.prefix:}") String prefix) {
        this.s3 = s3;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    @Override
    public byte @Nullable [] place(String sha256, byte[] content) {
        String key = prefix + sha256;
        enter(sha256, content.length);
        try {
            if (!exists(key)) {
                // the store checks the bytes against their address: what lands under a hash is what the hash says
                String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256));
                s3.putObject(put -> put.bucket(bucket).key(key).contentLength((long) content.length)
                        .checksumSHA256(checksum), RequestBody.fromBytes(content));
            }
        } catch (SdkException e) {
            log.error("the object store did not take content {} (S3 bucket '{}')", key, bucket, e);
            throw new DataAccessRefusal(ErrorCode.STORAGE_UNAVAILABLE, "content", "content: the object store "
                    + (e instanceof S3Exception ? "refused" : "could not be reached for") + " the file's content;"
                    + " nothing was stored. Try again later; the server's log has the store's answer");
        }
        return null;
    }

    /** Collected content: its objects go too; what cannot be removed now stays registered for the next time. */
    @Override
    public List<String> discard(List<String> sha256s) {
        List<String> removed = new ArrayList<>(sha256s.size());
        for (String sha256 : sha256s) {
            try {
                s3.deleteObject(delete -> delete.bucket(bucket).key(prefix + sha256));
                removed.add(sha256);
            } catch (SdkException e) {
                log.warn("collected content {} could not be removed from S3 bucket '{}', kept for the next"
                        + " collection: {}", prefix + sha256, bucket, e.getMessage());
            }
        }
        return removed;
    }

    private void enter(String sha256, long size) {
        try {
            transaction.executeWithoutResult(status -> {
                jdbc.execute(ENTER_WAIT);
                jdbc.update(ENTER, sha256, size);
            });
        } catch (DataAccessException e) {
            if (!(e.getMostSpecificCause() instanceof SQLException sql) || !"55P03".equals(sql.getSQLState())) {
                throw e;
            }
            throw new DataAccessRefusal(ErrorCode.STORAGE_UNAVAILABLE, "content", "content: the same content is being"
                    + " removed from the object store just now; nothing was stored. Try again in a minute");
        }
    }

    private boolean exists(String key) {
        try {
            s3.headObject(head -> head.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
