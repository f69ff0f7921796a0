package io.fluxbase.mcp.query.storage;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Content in the S3 backend, read a range at a time. */
@Component
@ConditionalOnProperty(name = "fluxbase.storage.backend", havingValue = "s3")
class S3StoredContent implements StoredContent {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    S3StoredContent(S3Client s3, @Value("${fluxbase.storage.s3.bucket}") String bucket,
            @Value("${fluxbase.storage.s3.prefix:}") String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    @Override
    public Mono<byte[]> read(String sha256, long offset, int length) {
        if (length <= 0) {
            return Mono.just(new byte[0]);
        }
        String key = prefix + sha256;
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        // the client blocks: never on a Netty event loop
        return Mono.fromCallable(() -> s3.getObjectAsBytes(get -> get.bucket(bucket).key(key).range(range))
                        .asByteArray())
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(SdkException.class, e -> new IllegalStateException("the object store "
                        + (e instanceof S3Exception ? "refused" : "could not be reached for") + " the file's content"
                        + " (S3 bucket '" + bucket + "', key '" + key + "'): " + e.getMessage(), e));
    }
}
