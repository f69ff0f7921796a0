package io.fluxbase.mcp.cli.storage;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.AdminApiFiles;
import io.fluxbase.mcp.cli.connection.AdminApiFiles.Download;
import io.fluxbase.mcp.cli.execution.CliException;
import io.fluxbase.mcp.kernel.audit.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A bucket's file streamed to disk: written to a temporary file beside the target, checked against the SHA-256 the
 * server sent, then moved into place, so the target is never left half-written or holding the wrong bytes.
 */
final class FileDownload {

    /** What was written where. */
    record Result(Path file, long size, @Nullable String contentType, String sha256) {
    }

    private FileDownload() {
    }

    /** {@code progressFor} gets the Content-Length (negative when unknown) and gives the bar to report to. */
    static Result run(AdminApiClient api, BucketPath source, Path target, Function<Long, TransferProgress> progressFor) {
        Path folder = target.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new CliException("cannot write " + target + ": folder " + folder + " does not exist");
        }
        try (Download download = new AdminApiFiles(api).download(source.filePath())) {
            if (download.sha256() == null) {
                throw new CliException("the server sent " + source + " without its " + Download.SHA256_HEADER
                        + " header, so the copy cannot be checked; nothing was written");
            }
            TransferProgress progress = progressFor.apply(download.contentLength().orElse(-1));
            Path partial = Files.createTempFile(folder, "." + target.getFileName() + ".", ".part");
            try {
                long size = copy(download.body(), partial, progress);
                progress.finish();
                String written = sha256(partial);
                if (!written.equalsIgnoreCase(download.sha256().strip())) {
                    throw new CliException("the copy of " + source + " is damaged: its SHA-256 is " + written
                            + " but the server sent " + download.sha256() + "; " + target + " was left unchanged");
                }
                moveIntoPlace(partial, target);
                return new Result(target, size, download.contentType(), written);
            } catch (IOException | RuntimeException e) {
                progress.abandon();
                Files.deleteIfExists(partial);
                throw e;
            }
        } catch (IOException e) {
            throw new CliException("cannot download " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** An existing directory, or text ending in '/', takes the file under its own name. */
    static Path target(Path typed, String typedText, BucketPath source) {
        if (Files.isDirectory(typed)) {
            return typed.resolve(source.fileName());
        }
        if (typedText.endsWith("/")) {
            throw new CliException("cannot write into " + typed + ": no such directory");
        }
        return typed;
    }

    private static long copy(InputStream body, Path partial, TransferProgress progress) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(partial)) {
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                out.write(buffer, 0, read);
                total += read;
                progress.advance(read);
            }
        }
        return total;
    }

    /** Hashes what is on disk, not what went past in memory: that is what the user gets. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = Digests.sha256Digest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest()).toLowerCase(Locale.ROOT);
    }

    private static void moveIntoPlace(Path partial, Path target) throws IOException {
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
