package io.fluxbase.mcp.cli.functions;

import io.fluxbase.mcp.cli.execution.CliException;
import io.fluxbase.mcp.cli.json.CliJson;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads the files {@code functions deploy} sends, failing before any request with the file's name in the message. */
final class FunctionFiles {

    /** Larger files are refused here rather than uploaded only to be refused; a function's source is small. */
    static final long MAX_BYTES = 1024 * 1024;

    private FunctionFiles() {
    }

    /** The whole file as UTF-8 text; {@code option} (e.g. {@code --file}) starts every error message. */
    static String text(Path file, String option) {
        try {
            if (Files.isDirectory(file)) {
                throw new CliException(option + ": " + file + " is a directory; give the path of a file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new CliException(option + ": " + file + " is " + size + " bytes; the limit is 1 MiB ("
                        + MAX_BYTES + " bytes)");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                throw new CliException(option + ": " + file + " is empty");
            }
            return text;
        } catch (NoSuchFileException e) {
            throw new CliException(option + ": " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new CliException(option + ": cannot read " + file + ": permission denied");
        } catch (CharacterCodingException e) {
            throw new CliException(option + ": " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new CliException(option + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A JSON Schema file: it must hold one JSON object, which is sent as it is. */
    static ObjectNode jsonObject(Path file, String option) {
        String text = text(file, option);
        JsonNode json;
        try {
            json = CliJson.MAPPER.readTree(text);
        } catch (JacksonException e) {
            // The parser's own message is long and names Java types; where it stopped is what helps.
            TokenStreamLocation at = e.getLocation();
            throw new CliException(option + ": " + file + " is not valid JSON" + (at == null ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (!(json instanceof ObjectNode object)) {
            String kind = json.getNodeType().name().toLowerCase(Locale.ROOT);
            throw new CliException(option + ": " + file + " holds a JSON " + kind + ", not an object;"
                    + " an input schema is a JSON Schema object such as {\"type\":\"object\"}");
        }
        return object;
    }
}
