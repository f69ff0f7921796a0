package io.fluxbase.mcp.command.storage;

/** The SQL of the storage tools' writes, in JDBC form; each runs under the caller's role, so policies apply. */
final class FileStatements {

    /** Content is added once per hash; a row already there (from any file, visible or not) is left alone. */
    static final String ADD_CONTENT = "INSERT INTO fluxbase_storage.contents (sha256, size, data) VALUES (?, ?, ?)"
            + " ON CONFLICT DO NOTHING";
    static final String REGISTER_CONTENT = "INSERT INTO fluxbase_storage.contents (sha256, size) VALUES (?, ?)"
            + " ON CONFLICT DO NOTHING";

    private static final String FILE_JSON = "json_build_object('bucket', o.bucket_id, 'path', o.name, 'size', o.size,"
            + " 'content_type', o.content_type, 'sha256', o.sha256, 'created_at', o.created_at, 'updated_at',"
            + " o.updated_at)::text";

    /** Return the file as JSON; its event comes from the change capture (whether it replaced one: an update). */
    static final String ADD_FILE = "INSERT INTO storage.objects AS o (bucket_id, name, size, content_type, sha256)"
            + " VALUES (?, ?, ?, ?, ?) RETURNING " + FILE_JSON;
    static final String ADD_OR_REPLACE_FILE = "INSERT INTO storage.objects AS o (bucket_id, name, size, content_type,"
            + " sha256) VALUES (?, ?, ?, ?, ?) ON CONFLICT (bucket_id, name) DO UPDATE SET size = excluded.size,"
            + " content_type = excluded.content_type, sha256 = excluded.sha256 RETURNING " + FILE_JSON;

    static final String BUCKET_EXISTS = "SELECT EXISTS (SELECT 1 FROM storage.buckets WHERE id = ?)";
    /** Returns each removed file as JSON. */
    static final String REMOVE_FILES = "DELETE FROM storage.objects AS o WHERE o.bucket_id = ? AND o.name = ANY(?)"
            + " RETURNING " + FILE_JSON;

    private FileStatements() {
    }
}
