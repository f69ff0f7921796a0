package io.fluxbase.mcp.storage;

import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static io.fluxbase.mcp.support.ToolAnswers.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.command.storage.ContentCollector;
import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The four file tools and storage://buckets through the official SDK client, on a real PostgreSQL with Supabase-style
 * folder-per-user policies: round trips byte for byte, each user in their own folder, a public bucket for all, and
 * refusals that say what to change and leave nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorageToolsIntegrationTest {

    static final String ALICE = "11111111-1111-1111-1111-111111111111";
    static final String BOB = "22222222-2222-2222-2222-222222222222";

    TestServer server;
    McpSyncClient alice;
    McpSyncClient bob;
    McpSyncClient service;
    McpSyncClient readOnly;
    McpSyncClient tablesOnly;

    @BeforeAll
    void start() {
        server = TestServer.start();
        server.admin("POST", "/admin/v1/storage/buckets", Map.of("name", "avatars"), 201);
        server.admin("POST", "/admin/v1/storage/buckets", Map.of("name", "shared", "public", true), 201);
        server.admin("POST", "/admin/v1/storage/buckets", Map.of("name", "limited", "max_file_size", "1KB",
                "allowed_types", List.of("text/*")), 201);
        server.applySql("""
                CREATE POLICY "own folder read" ON storage.objects FOR SELECT
                    USING (bucket_id IN ('avatars', 'limited') AND auth.uid()::text = (storage.foldername(name))[1]);
                CREATE POLICY "own folder write" ON storage.objects FOR INSERT
                    WITH CHECK (bucket_id IN ('avatars', 'limited') AND auth.uid()::text = (storage.foldername(name))[1]);
                CREATE POLICY "own folder update" ON storage.objects FOR UPDATE
                    USING (bucket_id = 'avatars' AND auth.uid()::text = (storage.foldername(name))[1]);
                CREATE POLICY "own folder delete" ON storage.objects FOR DELETE
                    USING (bucket_id = 'avatars' AND auth.uid()::text = (storage.foldername(name))[1]);
                """);
        String[] scopes = {"read:storage", "write:storage"};
        alice = server.client(server.createKey(Map.of("name", "alice", "type", "anon", "scopes", List.of(scopes),
                "user_id", ALICE)).secret());
        bob = server.client(server.createKey(Map.of("name", "bob", "type", "anon", "scopes", List.of(scopes),
                "user_id", BOB)).secret());
        service = server.client(server.createKey("service", "service", scopes).secret());
        readOnly = server.client(server.createKey("reader", "service", "read:storage").secret());
        tablesOnly = server.client(server.createKey("tables", "service", "read:tables").secret());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    static Map<String, Object> upload(McpSyncClient client, String bucket, String path, String text) {
        return ok(call(client, "upload_file", Map.of("bucket", bucket, "path", path, "content", text)));
    }

    @SuppressWarnings("unchecked")
    static List<String> names(McpSyncClient client, String bucket, String prefix) {
        Map<String, Object> page = ok(call(client, "list_files", Map.of("bucket", bucket, "prefix", prefix)));
        return ((List<Map<String, Object>>) page.get("files")).stream().map(f -> (String) f.get("name")).toList();
    }

    /** Downloads the whole file, following next_offset, and checks each slice says what it holds. */
    static byte[] download(McpSyncClient client, String bucket, String path) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        Object offset = 0;
        int calls = 0;
        while (offset != null) {
            Map<String, Object> slice = ok(call(client, "download_file", Map.of("bucket", bucket, "path", path,
                    "offset", offset)));
            String content = (String) slice.get("content");
            all.writeBytes("base64".equals(slice.get("encoding")) ? Base64.getDecoder().decode(content)
                    : content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(slice.get("truncated")).isEqualTo(slice.get("next_offset") != null);
            offset = slice.get("next_offset");
            assertThat(++calls).as("download calls").isLessThan(100);
        }
        return all.toByteArray();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    long files() {
        return server.count("SELECT count(*) FROM storage.objects");
    }

    @Nested
    class RoundTrips {

        @Test
        void aTextFileComesBackAsTheSameText() throws Exception {
            String text = "# Notes\nGrüße, 東京, emoji 🎉\n".repeat(50);
            Map<String, Object> stored = upload(alice, "avatars", ALICE + "/notes.md", text);
            assertThat(stored).containsEntry("size", text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .containsEntry("content_type", "text/markdown");
            Map<String, Object> read = ok(call(alice, "download_file", Map.of("bucket", "avatars",
                    "path", ALICE + "/notes.md")));
            assertThat(read).containsEntry("encoding", "text").containsEntry("content", text)
                    .containsEntry("truncated", false).containsEntry("sha256", stored.get("sha256"));
            assertThat(stored.get("sha256")).isEqualTo(sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }

        @Test
        void aOneMebibyteBinaryFileComesBackByteForByte() throws Exception {
            byte[] bytes = new byte[1024 * 1024];
            new Random(7).nextBytes(bytes);
            Map<String, Object> stored = ok(call(service, "upload_file", Map.of("bucket", "shared",
                    "path", "blobs/random.bin", "content", Base64.getEncoder().encodeToString(bytes),
                    "encoding", "base64")));
            assertThat(stored).containsEntry("sha256", sha256(bytes)).containsEntry("size", bytes.length)
                    .containsEntry("content_type", "application/octet-stream");
            byte[] back = download(bob, "shared", "blobs/random.bin");
            assertThat(sha256(back)).isEqualTo(sha256(bytes));
            assertThat(back).isEqualTo(bytes);
        }

        @Test
        void aTextSliceNeverCutsACharacterInTwo() {
            String text = "é".repeat(5000);
            upload(service, "shared", "slices/accents.txt", text);
            Map<String, Object> first = ok(call(service, "download_file", Map.of("bucket", "shared",
                    "path", "slices/accents.txt", "max_bytes", 1001)));
            assertThat(first).containsEntry("encoding", "text").containsEntry("content", "é".repeat(500))
                    .containsEntry("truncated", true).containsEntry("next_offset", 1000);
            assertThat(new String(download(service, "shared", "slices/accents.txt"),
                    java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(text);
        }

        @Test
        void identicalContentIsStoredOnce() {
            upload(service, "shared", "dedup/one.txt", "same bytes");
            upload(service, "shared", "dedup/two.txt", "same bytes");
            assertThat(server.count("SELECT count(*) FROM fluxbase_storage.contents c JOIN storage.objects o"
                    + " ON o.sha256 = c.sha256 WHERE o.name LIKE 'dedup/%'")).isEqualTo(2);
            assertThat(server.count("SELECT count(DISTINCT sha256) FROM storage.objects WHERE name LIKE 'dedup/%'"))
                    .isOne();
        }
    }

    @Nested
    class Policies {

        @Test
        void eachUserSeesAndChangesOnlyTheirOwnFolder() {
            upload(alice, "avatars", ALICE + "/me.png.txt", "alice's");
            upload(bob, "avatars", BOB + "/me.png.txt", "bob's");
            assertThat(names(alice, "avatars", "")).allMatch(name -> name.startsWith(ALICE + "/"));
            assertThat(names(bob, "avatars", "")).containsExactly(BOB + "/me.png.txt");
            assertThat(refusal(call(bob, "download_file", Map.of("bucket", "avatars",
                    "path", ALICE + "/me.png.txt")))).contains("no file").contains("list_files");
            long before = files();
            assertThat(refusal(call(bob, "upload_file", Map.of("bucket", "avatars", "path", ALICE + "/evil.txt",
                    "content", "x")))).contains("storage policy").doesNotContain("foldername");
            assertThat(refusal(call(bob, "upload_file", Map.of("bucket", "avatars", "path", ALICE + "/me.png.txt",
                    "content", "overwritten", "upsert", true)))).contains("storage policy");
            Map<String, Object> deleted = ok(call(bob, "delete_file", Map.of("bucket", "avatars",
                    "path", ALICE + "/me.png.txt")));
            assertThat(deleted).containsEntry("count", 0).containsEntry("not_found", List.of(ALICE + "/me.png.txt"));
            assertThat(files()).isEqualTo(before);
            assertThat(download(alice, "avatars", ALICE + "/me.png.txt")).asString().isEqualTo("alice's");
        }

        @Test
        void aPublicBucketIsReadableByEveryKeyButWritableOnlyByPolicy() {
            upload(service, "shared", "handbook.txt", "for everyone");
            assertThat(names(alice, "shared", "hand")).containsExactly("handbook.txt");
            assertThat(names(bob, "shared", "hand")).containsExactly("handbook.txt");
            assertThat(refusal(call(alice, "upload_file", Map.of("bucket", "shared", "path", "mine.txt",
                    "content", "x")))).contains("storage policy");
            assertThat(ok(call(alice, "delete_file", Map.of("bucket", "shared", "path", "handbook.txt"))))
                    .containsEntry("count", 0);
        }

        @Test
        void aUserDeletesTheirOwnFileAndTheLogHasItsEvent() {
            upload(alice, "avatars", ALICE + "/old.txt", "bye");
            Map<String, Object> deleted = ok(call(alice, "delete_file", Map.of("bucket", "avatars",
                    "paths", List.of(ALICE + "/old.txt", ALICE + "/never.txt"))));
            assertThat(deleted).containsEntry("count", 1).containsEntry("not_found", List.of(ALICE + "/never.txt"));
            assertThat(names(alice, "avatars", ALICE + "/old")).isEmpty();
            assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                    + " '%FileDeletedEvent' AND convert_from(payload, 'UTF8') LIKE ?", "%" + ALICE + "/old.txt%"))
                    .isOne();
        }
    }

    @Nested
    class Writes {

        @Test
        void anExistingPathIsReplacedOnlyWithUpsertAndBothUploadsAreInTheLog() {
            upload(service, "shared", "report.txt", "v1");
            assertThat(refusal(call(service, "upload_file", Map.of("bucket", "shared", "path", "report.txt",
                    "content", "v2")))).contains("already exists").contains("upsert: true");
            ok(call(service, "upload_file", Map.of("bucket", "shared", "path", "report.txt", "content", "v2",
                    "upsert", true)));
            assertThat(download(readOnly, "shared", "report.txt")).asString().isEqualTo("v2");
            assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                    + " '%FileUploadedEvent' AND convert_from(payload, 'UTF8') LIKE '%\"report.txt\"%'")).isEqualTo(2);
        }

        /** A stored type is sent back as a download's header: one HTTP cannot carry is refused, naming it. */
        @Test
        void aContentTypeHttpCannotCarryIsRefused() {
            for (String type : List.of("text/plain; charset=bogus", "text/plain; q=5")) {
                assertThat(refusal(call(service, "upload_file", Map.of("bucket", "shared", "path", "typed.txt",
                        "content", "x", "content_type", type)))).as(type)
                        .contains("content_type: '" + type + "'", "HTTP can carry", "text/plain; charset=utf-8");
            }
            assertThat(refusal(call(service, "upload_file", Map.of("bucket", "shared", "path", "typed.txt",
                    "content", "x", "content_type", "text/plain; charset=bogus"))))
                    .contains("(unsupported charset 'bogus')");
            assertThat(server.count("SELECT count(*) FROM storage.objects WHERE name = 'typed.txt'")).isZero();
            assertThat(ok(call(service, "upload_file", Map.of("bucket", "shared", "path", "typed.txt",
                    "content", "x", "content_type", "text/plain; charset=utf-8"))))
                    .containsEntry("content_type", "text/plain; charset=utf-8");
        }

        @Test
        void contentNoFileRefersToIsCollectedAndTheRestIsKept() throws Exception {
            upload(service, "shared", "gc/keep.txt", "kept content");
            upload(service, "shared", "gc/replace.txt", "first version");
            ok(call(service, "upload_file", Map.of("bucket", "shared", "path", "gc/replace.txt",
                    "content", "second version", "upsert", true)));
            upload(service, "shared", "gc/delete.txt", "deleted content");
            ok(call(service, "delete_file", Map.of("bucket", "shared", "path", "gc/delete.txt")));
            String first = sha256("first version".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String deleted = sha256("deleted content".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(server.count("SELECT count(*) FROM fluxbase_storage.contents WHERE sha256 IN (?, ?)", first,
                    deleted)).isEqualTo(2);

            ContentCollector collector = server.server().context().getBean(ContentCollector.class);
            assertThat(collector.collect(java.time.Duration.ofHours(1))).as("nothing is old enough yet").isZero();
            assertThat(collector.collect(java.time.Duration.ZERO)).isGreaterThanOrEqualTo(2);
            assertThat(server.count("SELECT count(*) FROM fluxbase_storage.contents WHERE sha256 IN (?, ?)", first,
                    deleted)).isZero();
            assertThat(download(readOnly, "shared", "gc/keep.txt")).asString().isEqualTo("kept content");
            assertThat(download(readOnly, "shared", "gc/replace.txt")).asString().isEqualTo("second version");
        }

        @Test
        void ofConcurrentUploadsToOnePathExactlyOneWins() {
            List<McpSchema.CallToolResult> results = race("race.txt", false);
            assertThat(results.stream().filter(r -> !r.isError()).count()).isOne();
            assertThat(results.stream().filter(McpSchema.CallToolResult::isError)
                    .map(io.fluxbase.mcp.support.ToolAnswers::text)).allMatch(text -> text.contains("already exists"));
            assertThat(server.count("SELECT count(*) FROM storage.objects WHERE name = 'race.txt'")).isOne();
        }

        @Test
        void ofConcurrentUpsertsToOnePathTheLastCommitWinsAndEveryOneIsInTheLog() {
            List<McpSchema.CallToolResult> results = race("upsert-race.txt", true);
            assertThat(results).noneMatch(McpSchema.CallToolResult::isError);
            assertThat(server.count("SELECT count(*) FROM storage.objects WHERE name = 'upsert-race.txt'")).isOne();
            assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                    + " '%FileUploadedEvent' AND convert_from(payload, 'UTF8') LIKE '%\"upsert-race.txt\"%'"))
                    .isEqualTo(6);
            // the file holds what the last upload to commit sent: the last of the events in the log
            String last = server.rows("SELECT convert_from(payload, 'UTF8')::jsonb ->> 'sha256' AS sha256 FROM"
                    + " fluxbase.domain_event_entry WHERE payload_type LIKE '%FileUploadedEvent' AND"
                    + " convert_from(payload, 'UTF8') LIKE '%\"upsert-race.txt\"%' ORDER BY global_index DESC"
                    + " LIMIT 1").get(0).get("sha256").toString();
            assertThat(server.rows("SELECT sha256 FROM storage.objects WHERE name = 'upsert-race.txt'").get(0))
                    .containsEntry("sha256", last);
        }

        /** Six clients of one key upload to one path at once, each its own content. */
        List<McpSchema.CallToolResult> race(String path, boolean upsert) {
            String key = server.createKey("racer-" + upsert, "service", "write:storage").secret();
            List<McpSyncClient> racers = java.util.stream.IntStream.range(0, 6).mapToObj(i -> server.client(key))
                    .toList();
            // threads of their own: the SDK client answers on the common pool, which a blocked call must not hold
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(6);
            try {
                List<CompletableFuture<McpSchema.CallToolResult>> calls = java.util.stream.IntStream.range(0, 6)
                        .mapToObj(i -> CompletableFuture.supplyAsync(() -> call(racers.get(i), "upload_file", Map.of(
                                "bucket", "shared", "path", path, "content", "writer " + i, "upsert", upsert)),
                                threads)).toList();
                return calls.stream().map(CompletableFuture::join).toList();
            } finally {
                threads.shutdown();
            }
        }

        @Test
        void aLimitedBucketRefusesLargeFilesAndOtherTypesNamingBothSides() {
            long before = files();
            assertThat(refusal(call(alice, "upload_file", Map.of("bucket", "limited", "path", ALICE + "/big.txt",
                    "content", "x".repeat(2000))))).contains("2000 bytes").contains("1024 bytes");
            assertThat(refusal(call(alice, "upload_file", Map.of("bucket", "limited", "path", ALICE + "/pic.png",
                    "content", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}), "encoding", "base64"))))
                    .contains("image/png").contains("text/*");
            assertThat(files()).isEqualTo(before);
            ok(call(alice, "upload_file", Map.of("bucket", "limited", "path", ALICE + "/small.txt", "content", "ok")));
        }

        /** A limit in bytes is a whole number of them: nothing is cut to fit (2^64 + 5 to 5, 1.5 to 1). */
        @Test
        void aBucketLimitThatIsNotAWholeNumberOfBytesIsRefusedByName() {
            for (Object size : List.of(new java.math.BigInteger("18446744073709551621"), 1.5, -5)) {
                assertThat(server.admin("POST", "/admin/v1/storage/buckets", Map.of("name", "odd",
                        "max_file_size", size), 400).toString()).as("size %s", size).contains("max_file_size");
            }
            assertThat(server.count("SELECT count(*) FROM storage.buckets WHERE id = 'odd'")).isZero();
        }

        @Test
        void badArgumentsAreRefusedByNameAndWriteNothing() {
            long before = files();
            for (String path : List.of("../escape.txt", "/abs.txt", "a//b.txt", "a\\b.txt", "a/./b.txt", "dir/",
                    "tab\there.txt", "x".repeat(1025))) {
                assertThat(refusal(call(service, "upload_file", Map.of("bucket", "shared", "path", path,
                        "content", "x")))).as(path).startsWith("path:");
            }
            assertThat(refusal(call(service, "upload_file", Map.of("bucket", "nope", "path", "a.txt",
                    "content", "x")))).contains("no bucket 'nope'").contains("avatars, limited, shared");
            assertThat(refusal(call(service, "list_files", Map.of("bucket", "nope"))))
                    .contains("no bucket 'nope'").contains("shared");
            assertThat(refusal(call(service, "upload_file", Map.of("bucket", "shared", "path", "a.bin",
                    "content", "not*base64!", "encoding", "base64")))).startsWith("content:").contains("base64");
            assertThat(refusal(call(service, "upload_file", Map.of("bucket", "shared", "path", "a.txt",
                    "content", "bell\u0007")))).startsWith("content:").contains("base64");
            assertThat(refusal(call(service, "upload_file", Map.of("bucket", "shared", "path", "a.txt",
                    "content", "x", "encoding", "hex")))).contains("encoding");
            assertThat(files()).isEqualTo(before);
        }
    }

    /**
     * A project's trigger on storage.objects that writes to its own tables: those rows commit with the file and are
     * recorded in the log as a table write's are, or nothing commits.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ProjectTriggers {

        @BeforeAll
        void triggers() {
            server.admin("POST", "/admin/v1/storage/buckets", Map.of("name", "logged"), 201);
            server.applySql("""
                    CREATE TABLE public.file_log (id bigserial PRIMARY KEY, name text NOT NULL, op text NOT NULL);
                    CREATE TABLE public.file_bulk (payload text NOT NULL);
                    GRANT INSERT ON public.file_log, public.file_bulk TO service_role;
                    GRANT USAGE ON SEQUENCE public.file_log_id_seq TO service_role;
                    CREATE FUNCTION public.wipe_file_log() RETURNS void LANGUAGE sql SECURITY DEFINER
                        AS 'TRUNCATE public.file_log';
                    CREATE FUNCTION public.log_file() RETURNS trigger LANGUAGE plpgsql AS $$
                    DECLARE f storage.objects := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
                    BEGIN
                        IF f.bucket_id = 'logged' THEN
                            IF f.name LIKE 'refused/%' THEN
                                RAISE EXCEPTION 'no files under refused/, please';
                            END IF;
                            INSERT INTO public.file_log (name, op) VALUES (f.name, TG_OP);
                            IF f.name LIKE 'bulky/%' THEN -- 34 rows of 1 MB: more than one write may record
                                INSERT INTO public.file_bulk SELECT repeat('x', 1048576) FROM generate_series(1, 34);
                            END IF;
                            IF f.name LIKE 'wiping/%' THEN
                                PERFORM public.wipe_file_log();
                            END IF;
                        END IF;
                        RETURN NULL;
                    END $$;
                    CREATE TRIGGER log_file AFTER INSERT OR DELETE ON storage.objects
                        FOR EACH ROW EXECUTE FUNCTION public.log_file();
                    CREATE TABLE public.file_relay (name text PRIMARY KEY);
                    CREATE TABLE public.file_late (name text PRIMARY KEY);
                    GRANT INSERT ON public.file_relay TO service_role;
                    GRANT INSERT ON public.file_late TO PUBLIC;
                    CREATE FUNCTION public.relay_file() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.name LIKE 'relayed/%' THEN
                            SET CONSTRAINTS ALL DEFERRED;
                            INSERT INTO public.file_relay VALUES (NEW.name);
                        END IF;
                        RETURN NULL;
                    END $$;
                    CREATE FUNCTION public.relay_late() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        INSERT INTO public.file_late VALUES (NEW.name);
                        RETURN NULL;
                    END $$;
                    CREATE CONSTRAINT TRIGGER relay_file AFTER INSERT ON storage.objects
                        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.relay_file();
                    CREATE CONSTRAINT TRIGGER relay_late AFTER INSERT ON public.file_relay
                        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.relay_late();
                    """);
        }

        long rowEvents(String callId) {
            return server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                    + " '%RecordsInsertedEvent' AND convert_from(payload, 'UTF8') LIKE '%file_log%'"
                    + " AND convert_from(payload, 'UTF8')::jsonb ->> 'callId' = ?", callId);
        }

        String callOf(String fileEvent, String path) {
            return (String) server.rows("SELECT convert_from(payload, 'UTF8')::jsonb ->> 'callId' AS call_id"
                    + " FROM fluxbase.domain_event_entry WHERE payload_type LIKE ? AND convert_from(payload, 'UTF8')"
                    + " LIKE ?", "%" + fileEvent, "%\"" + path + "\"%").get(0).get("call_id");
        }

        @Test
        void theRowsATriggerWritesAreRecordedWithTheFileUnderItsCall() {
            upload(service, "logged", "notes/a.txt", "a");
            ok(call(service, "delete_file", Map.of("bucket", "logged", "paths", List.of("notes/a.txt"))));
            assertThat(server.count("SELECT count(*) FROM public.file_log WHERE name = 'notes/a.txt'")).isEqualTo(2);
            assertThat(rowEvents(callOf("FileUploadedEvent", "notes/a.txt"))).as("the upload's row").isOne();
            assertThat(rowEvents(callOf("FileDeletedEvent", "notes/a.txt"))).as("the delete's row").isOne();
            assertThat(server.count("SELECT count(*) FROM fluxbase.change_capture")).as("captured rows left").isZero();
        }

        /** Files a function's SQL moves or removes are file events under the call, as the storage tools' are. */
        @Test
        void filesAFunctionMovesOrRemovesBySqlAreFileEventsUnderItsCall() {
            server.applySql("""
                    CREATE FUNCTION public.tidy_files(moved text, dropped text) RETURNS int LANGUAGE sql AS $$
                        UPDATE storage.objects SET name = 'archive/' || name
                            WHERE bucket_id = 'logged' AND name = moved;
                        UPDATE storage.objects SET content_type = 'text/markdown'
                            WHERE bucket_id = 'logged' AND name = 'tidy/kept.txt';
                        DELETE FROM storage.objects WHERE bucket_id = 'logged' AND name = dropped;
                        SELECT 1;
                    $$;
                    """);
            McpSyncClient caller = server.client(server.createKey("tidier", "service", "execute:rpc").secret());
            upload(service, "logged", "tidy/moved.txt", "m");
            upload(service, "logged", "tidy/kept.txt", "k");
            upload(service, "logged", "tidy/dropped.txt", "dd");

            ok(call(caller, "invoke_rpc", Map.of("name", "tidy_files",
                    "params", Map.of("moved", "tidy/moved.txt", "dropped", "tidy/dropped.txt"))));

            String callId = callOf("FileDeletedEvent", "tidy/dropped.txt");
            assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                    + " '%CallRecordedEvent' AND convert_from(payload, 'UTF8')::jsonb -> 'record' ->> 'callId' = ?"
                    + " AND convert_from(payload, 'UTF8') LIKE '%invoke_rpc%'", callId)).as("the function's call")
                    .isOne();
            assertThat(server.rows("SELECT payload_type, convert_from(payload, 'UTF8')::jsonb AS event"
                            + " FROM fluxbase.domain_event_entry WHERE payload_type LIKE '%.File%Event'"
                            + " AND convert_from(payload, 'UTF8')::jsonb ->> 'callId' = ? ORDER BY global_index",
                    callId)).extracting(row -> row.get("payload_type").toString().replaceAll(".*\\.", "") + " "
                            + TestServer.JSON.readTree(row.get("event").toString()).get("path").asText() + " "
                            + TestServer.JSON.readTree(row.get("event").toString()).path("replaced").asText("-"))
                    .containsExactly("FileDeletedEvent tidy/moved.txt -",
                            "FileUploadedEvent archive/tidy/moved.txt false", "FileUploadedEvent tidy/kept.txt true",
                            "FileDeletedEvent tidy/dropped.txt -");
            assertThat(rowEvents(callId)).as("the trigger's row for the removed file").isOne();
            assertThat(server.count("SELECT count(*) FROM fluxbase.change_capture")).as("captured rows left").isZero();
        }

        /** Without its capture triggers a file would change with no event: the write is refused, and keeps nothing. */
        @Test
        void aFileWriteWhoseChangeCannotBeRecordedIsRefusedAndKeepsNothing() {
            server.executeAsServer("DROP TRIGGER fluxbase_capture_insert ON storage.objects");
            try {
                assertThat(refusal(call(service, "upload_file", Map.of("bucket", "logged", "path", "unrecorded.txt",
                        "content", "u")))).startsWith("path: changes to storage.objects cannot be recorded")
                        .contains("nothing was changed");
                assertThat(names(service, "logged", "unrecorded")).isEmpty();
            } finally {
                server.executeAsServer("SELECT fluxbase.capture_user_tables()");
            }
            upload(service, "logged", "unrecorded.txt", "u");
            assertThat(callOf("FileUploadedEvent", "unrecorded.txt")).isNotNull();
        }

        /** Deferred work that defers itself again would write at COMMIT, where nothing can be recorded. */
        @Test
        void aTriggerThatDefersItsWorkPastTheFilesStatementsRefusesTheUploadAndNothingIsKept() {
            assertThat(refusal(call(service, "upload_file", Map.of("bucket", "logged", "path", "relayed/r.txt",
                    "content", "r"))))
                    .startsWith("path: public.file_late was changed after the write's statements were done")
                    .contains("nothing was changed");
            assertThat(names(service, "logged", "relayed/")).isEmpty();
            assertThat(server.count("SELECT count(*) FROM public.file_relay")).isZero();
            assertThat(server.count("SELECT count(*) FROM public.file_late")).isZero();
            assertThat(server.count("SELECT count(*) FROM fluxbase.change_capture")).as("captured rows left").isZero();
        }

        /**
         * A forced bucket delete runs as the server's own login, whose rights reach the command log: the project's
         * trigger must not run there. It is refused by name, and nothing goes.
         */
        @Test
        void aForcedBucketDeleteThatWouldRunTheProjectsTriggerIsRefusedAndKeepsEverything() {
            upload(service, "logged", "kept/c.txt", "c");
            long trail = server.count("SELECT count(*) FROM public.file_log");
            assertThat(server.admin("DELETE", "/admin/v1/storage/buckets/logged?force=true", null, 409).toString())
                    .contains("trigger log_file on table storage.objects, which calls public.log_file")
                    .contains("delete_file");
            assertThat(names(service, "logged", "kept/")).containsExactly("kept/c.txt");
            assertThat(server.count("SELECT count(*) FROM public.file_log")).isEqualTo(trail);

            // an empty bucket's delete runs no statement on storage.objects, so nothing of the project's runs
            server.admin("POST", "/admin/v1/storage/buckets", Map.of("name", "emptied"), 201);
            server.admin("DELETE", "/admin/v1/storage/buckets/emptied", null, 200);
        }

        /** Each way the project's code could run inside a bucket change is refused by name, and changes nothing. */
        @Test
        void bucketChangesThatWouldRunTheProjectsCodeInAnyOtherWayAreRefused() {
            server.applySql("""
                    CREATE FUNCTION public.bucket_tag() RETURNS text LANGUAGE sql AS $$ SELECT 'tagged' $$;
                    CREATE FUNCTION public.note_bucket() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RETURN NEW; END $$;
                    CREATE TRIGGER note_bucket BEFORE INSERT OR UPDATE ON storage.buckets
                        FOR EACH ROW EXECUTE FUNCTION public.note_bucket();
                    """);
            assertThat(server.admin("POST", "/admin/v1/storage/buckets", Map.of("name", "tried"), 409).toString())
                    .contains("trigger note_bucket on table storage.buckets, which calls public.note_bucket");
            assertThat(server.admin("PATCH", "/admin/v1/storage/buckets/logged", Map.of("public", true), 409)
                    .toString()).contains("note_bucket");
            server.applySql("""
                    DROP TRIGGER note_bucket ON storage.buckets;
                    ALTER TABLE storage.buckets ADD COLUMN tag text DEFAULT public.bucket_tag();
                    """);
            assertThat(server.admin("POST", "/admin/v1/storage/buckets", Map.of("name", "tried"), 409).toString())
                    .contains("default value for column tag of table storage.buckets, which calls"
                            + " public.bucket_tag");
            server.applySql("""
                    ALTER TABLE storage.buckets DROP COLUMN tag;
                    CREATE TABLE public.file_links (file uuid REFERENCES storage.objects (id) ON DELETE CASCADE);
                    DROP TRIGGER log_file ON storage.objects;
                    """);
            try {
                upload(service, "logged", "linked/d.txt", "d");
                assertThat(server.admin("DELETE", "/admin/v1/storage/buckets/logged?force=true", null, 409)
                        .toString()).contains("foreign key file_links_file_fkey of public.file_links");
                assertThat(names(service, "logged", "linked/")).containsExactly("linked/d.txt");
                assertThat(server.count("SELECT count(*) FROM storage.buckets WHERE id = 'tried'")).isZero();
            } finally {
                server.applySql("""
                        DROP TABLE public.file_links;
                        CREATE TRIGGER log_file AFTER INSERT OR DELETE ON storage.objects
                            FOR EACH ROW EXECUTE FUNCTION public.log_file();
                        """);
            }
        }

        @Test
        void aTriggersOwnRefusalIsTheCallersWithItsWords() {
            long before = files();
            assertThat(refusal(call(service, "upload_file", Map.of("bucket", "logged", "path", "refused/e.txt",
                    "content", "e")))).startsWith("path: ").contains("(P0001): no files under refused/, please");
            assertThat(files()).isEqualTo(before);
        }

        /** A TRUNCATE would remove the log's rows without their events: the upload that set it off is refused. */
        @Test
        void aTriggerThatTruncatesATableRefusesTheUploadAndKeepsNothing() {
            ok(call(service, "upload_file", Map.of("bucket", "logged", "path", "kept/k.txt", "content", "k")));
            long before = files();
            long logged = server.count("SELECT count(*) FROM public.file_log");
            assertThat(refusal(call(service, "upload_file", Map.of("bucket", "logged", "path", "wiping/w.txt",
                    "content", "w")))).isEqualTo("path: the project's SQL that ran as logged/wiping/w.txt was written"
                    + " did what cannot be recorded: TRUNCATE of public.file_log removes rows without recording each"
                    + " of them; nothing was changed, the file included");
            assertThat(files()).isEqualTo(before);
            assertThat(server.count("SELECT count(*) FROM public.file_log")).isEqualTo(logged).isPositive();
        }

        @Test
        void aTriggerThatChangesMoreThanAWriteMayRecordRefusesTheUploadAndKeepsNothing() {
            long before = files();
            assertThat(refusal(call(service, "upload_file", Map.of("bucket", "logged", "path", "bulky/b.txt",
                    "content", "b")))).startsWith("path: ").contains("storage.objects").contains("33554432")
                    .contains("nothing was changed");
            assertThat(files()).isEqualTo(before);
            assertThat(server.count("SELECT count(*) FROM public.file_bulk")).isZero();
            assertThat(server.count("SELECT count(*) FROM public.file_log WHERE name = 'bulky/b.txt'")).isZero();
            assertThat(server.count("SELECT count(*) FROM fluxbase.change_capture")).as("captured rows left").isZero();
            TestServer.await("the refusal's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                    + " WHERE error_code = 'changes_too_large'") == 1);
        }
    }

    @Nested
    class Scopes {

        @Test
        void eachToolNeedsItsScopeAndARefusalIsRecorded() {
            assertThat(refusal(call(readOnly, "upload_file", Map.of("bucket", "shared", "path", "a.txt",
                    "content", "x")))).contains("'write:storage'");
            assertThat(refusal(call(readOnly, "delete_file", Map.of("bucket", "shared", "path", "a.txt"))))
                    .contains("'write:storage'");
            assertThat(refusal(call(tablesOnly, "list_files", Map.of("bucket", "shared")))).contains("'read:storage'");
            assertThat(refusal(call(tablesOnly, "download_file", Map.of("bucket", "shared", "path", "a.txt"))))
                    .contains("'read:storage'");
            assertThat(tablesOnly.listTools().tools()).noneMatch(tool -> tool.name().contains("file"));
            assertThat(readOnly.listTools().tools().stream().map(McpSchema.Tool::name))
                    .contains("list_files", "download_file").doesNotContain("upload_file", "delete_file");
            TestServer.await("the refusals' records", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                    + " WHERE key_name = 'tables' AND error_code = 'missing_scope'") == 2);
        }

        @Test
        void theBucketsResourceShowsRulesAndNeedsReadStorage() {
            String json = ((McpSchema.TextResourceContents) readOnly.readResource(
                    new McpSchema.ReadResourceRequest("storage://buckets")).contents().get(0)).text();
            @SuppressWarnings("unchecked")
            Map<String, Object> read = TestServer.JSON.readValue(json, Map.class);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> buckets = (List<Map<String, Object>>) read.get("buckets");
            assertThat(buckets).anySatisfy(bucket -> assertThat(bucket)
                    .containsEntry("name", "limited").containsEntry("public", false)
                    .containsEntry("max_file_size", 1024).containsEntry("allowed_types", List.of("text/*")));
            assertThatThrownBy(() -> tablesOnly.readResource(new McpSchema.ReadResourceRequest("storage://buckets")))
                    .hasMessageContaining("read:storage");
        }
    }
}
