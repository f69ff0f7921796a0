package io.fluxbase.mcp.command.storage;

import java.util.Base64;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 backend: content goes to the object store under its SHA-256 before the file's transaction, once however
 * many files hold it; the contents row then only registers it.
 */
@Component
@ConditionalOnProperty(name = "fluxbase.storage.backend", havingValue = "s3")
class S3Content implements ContentPlacement {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    S3Content(S3Client s3, @Value("${fluxbase.storage.s3.bucket}") String bucket,
            @Value("${fluxbase.storage.s3.prefix:}") String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    @Override
    public byte @Nullable [] place(String sha256, byte[] content) {
        String key = prefix + sha256;
        try {
            if (!exists(key)) {
                // the store checks the bytes against their address: what lands under a hash is what the hash says
                String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256));
                s3.putObject(put -> put.bucket(bucket).key(key).contentLength((long) content.length)
                        .checksumSHA256(checksum), RequestBody.fromBytes(content));
            }
        } catch (SdkException e) {
            throw new IllegalStateException("the object store " + (e instanceof S3Exception ? "refused" : "could not"
                    + " be reached for") + " the file's content (S3 bucket '" + bucket + "', key '" + key + "'): "
                    + e.getMessage() + "; nothing was stored", e);
        }
        return null;
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
