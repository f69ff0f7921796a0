package io.fluxbase.mcp.cli.logs;

import io.fluxbase.mcp.cli.execution.CliException;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.kernel.chain.ChainFinding;
import io.fluxbase.mcp.kernel.chain.ChainLink;
import io.fluxbase.mcp.kernel.chain.ChainVerifier;
import io.fluxbase.mcp.kernel.chain.Checkpoint;
import io.fluxbase.mcp.kernel.chain.CheckpointKeys;
import io.fluxbase.mcp.kernel.chain.ExportLines;
import io.fluxbase.mcp.kernel.chain.ExportSeal;
import io.fluxbase.mcp.kernel.chain.Retention;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Verifies a file written by {@code logs export} (JSON lines or CSV) on its own: its records are walked by their
 * links, run by run (a filtered export skips positions), against the checkpoints it holds, and the whole file against
 * the seal that ends it, so no line can go missing between runs. Without {@code --pubkey}, the checkpoints' and the
 * seal's hashes are still checked but not their signatures, and the report says so.
 */
final class ExportedFile {

    private ExportedFile() {
    }

    static JsonNode verify(Path file, @Nullable PublicKeyFile key, PrintWriter err) {
        List<Map<String, Object>> lines = read(file);
        List<Checkpoint> checkpoints = new ArrayList<>();
        Retention.Cut cut = Retention.Cut.NONE;
        Map<String, Long> positions = new HashMap<>();
        List<ChainLink> links = new ArrayList<>();
        ExportSeal.Digest digest = new ExportSeal.Digest();
        ExportSeal seal = null;
        int number = 0;
        for (Map<String, Object> line : lines) {
            number++;
            String kind = String.valueOf(line.get("kind"));
            try {
                if (seal != null) {
                    throw new IllegalArgumentException("a line after the seal, which ends an export");
                }
                switch (kind) {
                    case ExportLines.CHECKPOINT -> checkpoints.add(ExportLines.checkpoint(line));
                    case ExportLines.PRUNING -> cut = ExportLines.pruning(line);
                    case ExportLines.RECORD -> {
                        ChainLink link = ExportLines.record(line);
                        links.add(link);
                        positions.put(link.eventIdentifier(), link.position());
                    }
                    case ExportLines.SEAL -> seal = ExportSeal.of(line);
                    default -> throw new IllegalArgumentException("unknown kind of line");
                }
            } catch (RuntimeException e) {
                throw new CliException("--file: " + file + " line " + number + " is not a line of 'logs export': "
                        + e.getMessage());
            }
            if (seal == null) {
                digest.add(kind, line);
            }
        }
        ChainVerifier verifier = new ChainVerifier(key == null ? null : key.key(),
                key == null ? "no key" : key.source(), checkpoints, cut, true, eventId -> positions.containsKey(eventId)
                        ? OptionalLong.of(positions.get(eventId)) : OptionalLong.empty());
        ProgressBar bar = new ProgressBar(err, "verifying");
        long done = 0;
        for (ChainLink link : links) {
            if (!verifier.accept(link)) {
                break;
            }
            if (++done % 20_000 == 0) {
                bar.show(done, links.size());
            }
        }
        bar.end();
        // after the walk, which names a changed record precisely; the seal then finds what the walk cannot see
        sealFinding(seal, digest, key).ifPresent(verifier::found);
        Map<String, Object> report = new LinkedHashMap<>(verifier.report().view());
        report.put("file", file.toString());
        if (key == null && verifier.finding() == null) {
            report.put("summary", report.get("summary") + " (signatures not checked: give --pubkey FILE)");
        }
        return CliJson.MAPPER.valueToTree(report);
    }

    /**
     * What is wrong with the file as a whole: no seal (cut off at the end, or exported before exports were sealed),
     * lines that are not the ones the server sealed (removed, added, changed, reordered), a seal not signed with the
     * key given.
     */
    private static Optional<ChainFinding> sealFinding(@Nullable ExportSeal seal, ExportSeal.Digest digest,
            @Nullable PublicKeyFile key) {
        String wrong = null;
        ChainFinding.Kind kind = ChainFinding.Kind.DELETED;
        if (seal == null) {
            wrong = "the file does not end with the export's seal: its end was cut off, or it was exported before"
                    + " exports were sealed (export it again)";
        } else if (seal.lines() != digest.lines() || !Arrays.equals(seal.digest(), digest.done())) {
            kind = ChainFinding.Kind.ALTERED;
            wrong = "the file's lines are not the " + seal.lines() + " the server exported and sealed at "
                    + seal.time() + " (" + seal.exported() + "): lines were removed, added or changed after the export";
        } else if (key != null && !CheckpointKeys.verifies(key.key(), seal.signed(), seal.signature())) {
            kind = ChainFinding.Kind.CHECKPOINT;
            wrong = "the export's seal (" + seal.time() + ") does not verify with " + key.source() + ": the seal"
                    + " was altered, or the key is not this server's";
        }
        return wrong == null ? Optional.empty()
                : Optional.of(new ChainFinding(kind, null, -1, "", null, "export seal", wrong));
    }

    /** Each line as a map with its {@code kind}; JSON lines, or CSV when the first line is the CSV header. */
    private static List<Map<String, Object>> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("--file: cannot read " + file + ": " + (e instanceof java.nio.file.NoSuchFileException
                    ? "no such file" : e.getMessage()));
        }
        return text.startsWith("kind,") ? csv(text, file) : jsonLines(text, file);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> jsonLines(String text, Path file) {
        List<Map<String, Object>> lines = new ArrayList<>();
        int number = 0;
        try (BufferedReader reader = new BufferedReader(new java.io.StringReader(text))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> parsed = CliJson.MAPPER.readValue(line, Map.class);
                String kind = parsed.keySet().iterator().next();
                Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) parsed.get(kind));
                fields.put("kind", kind);
                lines.add(fields);
            }
        } catch (IOException | JacksonException | ClassCastException | java.util.NoSuchElementException e) {
            throw new CliException("--file: " + file + " line " + number + " is not JSON from 'logs export'");
        }
        return lines;
    }

    private static List<Map<String, Object>> csv(String text, Path file) {
        List<List<String>> rows = CsvRows.parse(text);
        List<String> header = rows.getFirst();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (row.size() != header.size()) {
                throw new CliException("--file: " + file + " row " + (i + 1) + " has " + row.size() + " fields, the"
                        + " header " + header.size());
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                fields.put(header.get(c), row.get(c));
            }
            lines.add(fields);
        }
        return lines;
    }
}
