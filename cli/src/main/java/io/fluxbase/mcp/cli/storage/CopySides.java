package io.fluxbase.mcp.cli.storage;

import io.fluxbase.mcp.cli.execution.CliEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which side of {@code storage cp SRC DST} is in a bucket. Text that starts with ./, ../, /, ~ or cannot be a bucket
 * path ({@code report.pdf}) is local. When both look like {@code name/path}, the one that exists locally (itself or
 * its folder) is the local one; when that does not settle it, the user is asked to write the local side with ./.
 */
record CopySides(Direction direction, Path local, BucketPath remote) {

    enum Direction { UPLOAD, DOWNLOAD }

    static CopySides resolve(String source, String target, CliEnvironment environment) {
        Optional<BucketPath> sourceBucket = bucketForm(source);
        Optional<BucketPath> targetBucket = bucketForm(target);
        if (sourceBucket.isEmpty() && targetBucket.isEmpty()) {
            throw new IllegalArgumentException("neither '" + source + "' nor '" + target + "' is a bucket path;"
                    + " write the bucket side as BUCKET/PATH, e.g. docs/report.pdf");
        }
        if (sourceBucket.isPresent() && targetBucket.isPresent()) {
            boolean sourceLocal = existsLocally(source, environment);
            boolean targetLocal = existsLocally(target, environment);
            if (sourceLocal == targetLocal) {
                throw new IllegalArgumentException("cannot tell which of '" + source + "' and '" + target
                        + "' is in a bucket; prefix the local path with ./ (e.g. ./" + source + ")");
            }
            sourceBucket = sourceLocal ? Optional.empty() : sourceBucket;
            targetBucket = targetLocal ? Optional.empty() : targetBucket;
        }
        return sourceBucket.isPresent()
                ? new CopySides(Direction.DOWNLOAD, localPath(target, environment), sourceBucket.get())
                : new CopySides(Direction.UPLOAD, localPath(source, environment), targetBucket.orElseThrow());
    }

    /** Empty for text that is local by its form alone. */
    private static Optional<BucketPath> bucketForm(String text) {
        boolean explicitlyLocal = text.startsWith("./") || text.startsWith("../") || text.startsWith("/")
                || text.startsWith("~") || text.equals(".") || text.equals("..") || !text.contains("/");
        return explicitlyLocal ? Optional.empty() : BucketPath.parse(text);
    }

    /** The file or directory exists, or the folder it would be written into does. */
    private static boolean existsLocally(String text, CliEnvironment environment) {
        Path path = localPath(text, environment);
        Path folder = path.getParent();
        return Files.exists(path) || (folder != null && Files.isDirectory(folder));
    }

    /** {@code ~} is the home directory, as a shell would have expanded it. */
    static Path localPath(String text, CliEnvironment environment) {
        if (text.equals("~")) {
            return environment.userHome();
        }
        if (text.startsWith("~/")) {
            return environment.userHome().resolve(text.substring(2));
        }
        return Path.of(text);
    }
}
