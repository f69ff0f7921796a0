-- Storage (buckets and files), shaped like Supabase Storage so its policies work unchanged: buckets in
-- storage.buckets, one row per file in storage.objects with row-level security, storage.foldername() and friends.
-- File content lives in fluxbase_storage.contents, addressed by its SHA-256, one row per distinct content however many
-- files hold it; with the S3 backend the row only registers the content, which lives in the object store.

-- Storage tables change through the storage tools, which write their own events (FileUploaded, FileDeleted), so the
-- table tools' change capture leaves them alone. Replaced before the tables exist, so the event trigger that puts
-- capture on new tables already skips them.
CREATE OR REPLACE FUNCTION fluxbase.capture_user_tables() RETURNS integer
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target regclass;
    added  integer := 0;
BEGIN
    FOR target IN
        SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND n.nspname NOT IN ('fluxbase', 'fluxbase_gate', 'auth', 'information_schema', 'storage',
                                'fluxbase_storage')
          AND n.nspname NOT LIKE 'pg\_%'
          AND has_table_privilege(c.oid, 'TRIGGER')
    LOOP
        BEGIN
            IF fluxbase.capture_table(target) THEN
                added := added + 1;
            END IF;
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'changes to % cannot be captured for the command log: %', target, SQLERRM;
        END;
    END LOOP;
    RETURN added;
END
$$;

CREATE SCHEMA storage;
CREATE SCHEMA fluxbase_storage;
REVOKE ALL ON SCHEMA fluxbase_storage FROM PUBLIC;

-- Written with its event (BucketCreated, BucketUpdated, BucketDeleted) in one transaction by the server.
CREATE TABLE storage.buckets (
    id                 TEXT PRIMARY KEY,
    name               TEXT        NOT NULL,
    public             BOOLEAN     NOT NULL DEFAULT false,
    file_size_limit    BIGINT CHECK (file_size_limit > 0),
    allowed_mime_types TEXT[],
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per distinct content. data is NULL when the content lives in the S3 backend. Stored EXTERNAL (out of line,
-- uncompressed) so a range of a large file is read without reading the whole of it.
CREATE TABLE fluxbase_storage.contents (
    sha256     TEXT PRIMARY KEY,
    size       BIGINT      NOT NULL CHECK (size >= 0),
    data       BYTEA,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (data IS NULL OR (sha256 = encode(sha256(data), 'hex') AND size = octet_length(data)))
);
ALTER TABLE fluxbase_storage.contents ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TABLE storage.objects (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    bucket_id    TEXT        NOT NULL REFERENCES storage.buckets (id),
    name         TEXT        NOT NULL,
    owner        UUID DEFAULT auth.uid(),
    size         BIGINT      NOT NULL,
    content_type TEXT        NOT NULL,
    sha256       TEXT        NOT NULL REFERENCES fluxbase_storage.contents (sha256),
    metadata     JSONB,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (bucket_id, name)
);
CREATE INDEX objects_sha256 ON storage.objects (sha256);
-- list_files pages through a bucket by name: prefix searches use the pattern operator class.
CREATE INDEX objects_bucket_name ON storage.objects (bucket_id, name text_pattern_ops);

-- Supabase's path helpers, so policies written for it work here: 'a/b/c.png' has folders {a,b}, file name 'c.png'
-- and extension 'png'.
CREATE FUNCTION storage.foldername(name text) RETURNS text[]
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog
AS $$ SELECT (string_to_array(name, '/'))[1:array_length(string_to_array(name, '/'), 1) - 1] $$;

CREATE FUNCTION storage.filename(name text) RETURNS text
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog
AS $$ SELECT (string_to_array(name, '/'))[array_length(string_to_array(name, '/'), 1)] $$;

CREATE FUNCTION storage.extension(name text) RETURNS text
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog
AS $$ SELECT CASE WHEN storage.filename(name) LIKE '%.%'
                  THEN reverse(split_part(reverse(storage.filename(name)), '.', 1)) ELSE '' END $$;

-- Is the bucket public? Read by the built-in policy below with the owner's rights, so a key role needs nothing more.
CREATE FUNCTION fluxbase_storage.bucket_is_public(bucket text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT coalesce((SELECT b.public FROM storage.buckets b WHERE b.id = bucket), false) $$;

-- The bucket's limits hold whichever way a file arrives (a storage tool, a function of the user's): a file over the
-- bucket's size limit or of a type it does not allow is refused with a message naming both sides. SQLSTATEs FB413
-- and FB415 let the server tell the two apart.
CREATE FUNCTION fluxbase_storage.check_bucket_limits() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    bucket storage.buckets;
BEGIN
    SELECT * INTO bucket FROM storage.buckets WHERE id = NEW.bucket_id;
    IF NOT FOUND THEN
        RETURN NEW; -- the foreign key names the missing bucket
    END IF;
    IF bucket.file_size_limit IS NOT NULL AND NEW.size > bucket.file_size_limit THEN
        RAISE EXCEPTION 'the file is % bytes, over bucket ''%''''s limit of % bytes', NEW.size, bucket.id,
            bucket.file_size_limit USING ERRCODE = 'FB413';
    END IF;
    IF bucket.allowed_mime_types IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM unnest(bucket.allowed_mime_types) AS allowed(pattern)
            WHERE lower(NEW.content_type) = lower(allowed.pattern)
               OR (allowed.pattern LIKE '%/*'
                   AND lower(split_part(NEW.content_type, '/', 1)) = lower(split_part(allowed.pattern, '/', 1)))) THEN
        RAISE EXCEPTION 'content type ''%'' is not allowed in bucket ''%''; it allows %', NEW.content_type, bucket.id,
            array_to_string(bucket.allowed_mime_types, ', ') USING ERRCODE = 'FB415';
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

CREATE TRIGGER objects_bucket_limits BEFORE INSERT OR UPDATE ON storage.objects
    FOR EACH ROW EXECUTE FUNCTION fluxbase_storage.check_bucket_limits();

-- Row-level security decides which files a key reaches: nothing until the project's own policies allow it (as in
-- Supabase), except reading the files of public buckets. Service keys bypass it.
ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Public buckets are readable" ON storage.objects FOR SELECT
    USING (fluxbase_storage.bucket_is_public(bucket_id));

-- Content is reachable only through a file the key can see; anyone who may upload may add content (its address is
-- its hash, checked by the table, so added content can only ever be what its address says).
ALTER TABLE fluxbase_storage.contents ENABLE ROW LEVEL SECURITY;
CREATE POLICY contents_of_visible_files ON fluxbase_storage.contents FOR SELECT
    USING (EXISTS (SELECT 1 FROM storage.objects o WHERE o.sha256 = contents.sha256));
CREATE POLICY contents_can_be_added ON fluxbase_storage.contents FOR INSERT WITH CHECK (true);

GRANT USAGE ON SCHEMA storage TO anon, authenticated, service_role;
GRANT USAGE ON SCHEMA fluxbase_storage TO anon, authenticated, service_role;
GRANT SELECT ON storage.buckets TO anon, authenticated, service_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON storage.objects TO anon, authenticated, service_role;
GRANT SELECT, INSERT ON fluxbase_storage.contents TO anon, authenticated, service_role;
REVOKE ALL ON FUNCTION fluxbase_storage.bucket_is_public(text), fluxbase_storage.check_bucket_limits() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fluxbase_storage.bucket_is_public(text) TO anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION storage.foldername(text), storage.filename(text), storage.extension(text)
    TO anon, authenticated, service_role;
