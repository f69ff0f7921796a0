package io.fluxbase.mcp.command.storage;

import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.postgresql.util.PSQLException;

/**
 * PostgreSQL's refusals of a file write, told as a model can act on them. A policy refusal says that a storage policy
 * refused, never the policy's text; an unknown bucket names the buckets there are.
 */
final class StorageRefusals {

    private StorageRefusals() {
    }

    static Optional<DataAccessRefusal> translate(SQLException error, String bucket, String path,
            Supplier<List<String>> bucketNames) {
        String state = error.getSQLState();
        if (state == null) {
            return Optional.empty();
        }
        String file = bucket + "/" + path;
        if (!onStorageFiles(error) && (state.startsWith("22") || state.startsWith("23") || "P0001".equals(state))) {
            // a project trigger's (or a function's its policies call) refusal, of rows other than the file's own
            return Optional.of(new DataAccessRefusal("P0001".equals(state) ? ErrorCode.RAISED
                    : ErrorCode.DATABASE_ERROR, "path", "path: the project's SQL that ran as " + file + " was written"
                    + " refused it (" + state + "): " + serverMessage(error) + "; nothing was changed"));
        }
        return Optional.ofNullable(switch (state) {
            case "23505" -> new DataAccessRefusal(ErrorCode.FILE_EXISTS, "path", "path: a file already exists at "
                    + file + "; pass upsert: true to replace it, or choose another path");
            // the other foreign key, to the content, fails only when its collection raced this upload
            case "23503" -> error instanceof PSQLException psql && psql.getServerErrorMessage() != null
                    && "objects_sha256_fkey".equals(psql.getServerErrorMessage().getConstraint())
                    ? new DataAccessRefusal(ErrorCode.CONFLICT, "content", "content: the same content was being"
                            + " cleaned up at this moment; upload again")
                    : DataAccessRefusal.unknownBucket(bucket, bucketNames.get());
            case "FB413" -> new DataAccessRefusal(ErrorCode.FILE_TOO_LARGE, "content", "content: "
                    + serverMessage(error) + "; upload a smaller file or ask the owner to raise the bucket's limit");
            case "FB415" -> new DataAccessRefusal(ErrorCode.TYPE_NOT_ALLOWED, "content_type", "content_type: "
                    + serverMessage(error));
            // what the project's SQL did would go unrecorded: a TRUNCATE (V60), DDL that drops rows (V61)
            case "FBTRU", "FBDDL" -> new DataAccessRefusal(ErrorCode.NOT_RECORDABLE, "path", "path: the project's"
                    + " SQL that ran as " + file + " was written did what cannot be recorded: " + serverMessage(error)
                    + "; nothing was changed, the file included");
            // a row of the file, or one the project's SQL wrote, would be turned into JSON through a project's cast
            case "FBCST" -> new DataAccessRefusal(ErrorCode.NOT_RECORDABLE, "path", "path: " + serverMessage(error)
                    + "; nothing was changed, the file included");
            case "42501" -> new DataAccessRefusal(ErrorCode.RLS_VIOLATION, "path", "path: a storage policy refused"
                    + " this key access to " + file + "; the project's policies on storage.objects decide which files"
                    + " a key may write");
            default -> null;
        });
    }

    /**
     * A refusal of the rows a file write's project triggers changed: too many to record ({@code take_changes}), or
     * changed at COMMIT, after they were taken (the change capture, V57).
     */
    static Optional<DataAccessRefusal> ofChangesSetOff(SQLException error) {
        return Optional.ofNullable(switch (String.valueOf(error.getSQLState())) {
            case "FBCTL" -> new DataAccessRefusal(ErrorCode.CHANGES_TOO_LARGE, "path", "path: writing this file set"
                    + " off the project's triggers on storage.objects, and " + serverMessage(error) + "; nothing was"
                    + " changed, the file included. Ask the project's owner to make those triggers change fewer rows"
                    + " per file");
            case "FBLAT" -> new DataAccessRefusal(ErrorCode.NOT_RECORDABLE, "path", "path: " + serverMessage(error)
                    + ", at COMMIT, where no change can be recorded in the command log; nothing was changed, the file"
                    + " included. A deferred trigger of the project's may not run SET CONSTRAINTS ... DEFERRED");
            default -> null;
        });
    }

    private static boolean onStorageFiles(SQLException error) {
        return error instanceof PSQLException psql && psql.getServerErrorMessage() != null
                && "storage".equals(psql.getServerErrorMessage().getSchema())
                && "objects".equals(psql.getServerErrorMessage().getTable());
    }

    private static String serverMessage(SQLException error) {
        String message = error.getMessage();
        // pgjdbc prefixes "ERROR: " and may add a "Where:" line
        message = message.startsWith("ERROR: ") ? message.substring(7) : message;
        int where = message.indexOf("\n");
        return where < 0 ? message : message.substring(0, where);
    }
}
