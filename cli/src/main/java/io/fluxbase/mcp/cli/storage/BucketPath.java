package io.fluxbase.mcp.cli.storage;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.kernel.storage.BucketName;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code BUCKET/PATH} as typed on the command line; {@code path} may be empty or end in '/' (a folder). */
record BucketPath(String bucket, String path) {

    /** The bucket path {@code text} names, or empty when its first segment is not a bucket name. */
    static Optional<BucketPath> parse(String text) {
        int slash = text.indexOf('/');
        String bucket = slash < 0 ? text : text.substring(0, slash);
        try {
            BucketName.check(bucket, "BUCKET");
        } catch (IllegalArgumentException notABucket) {
            return Optional.empty();
        }
        return Optional.of(new BucketPath(bucket, slash < 0 ? "" : text.substring(slash + 1)));
    }

    /** The admin API URL path of this file: each segment encoded, the '/' between them kept. */
    String filePath() {
        String encoded = Arrays.stream(path.split("/", -1)).map(AdminApiClient::segment)
                .collect(Collectors.joining("/"));
        return StorageCli.FILES_PATH + "/" + AdminApiClient.segment(bucket) + "/" + encoded;
    }

    String bucketFilesPath() {
        return StorageCli.FILES_PATH + "/" + AdminApiClient.segment(bucket);
    }

    /** The last segment, the name a downloaded file gets when the target is a directory. */
    String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return bucket + "/" + path;
    }
}
