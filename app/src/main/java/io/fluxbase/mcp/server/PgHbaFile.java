package io.fluxbase.mcp.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * A cluster's pg_hba.conf, read as PostgreSQL reads it (rules of whitespace-separated fields, {@code #} comments,
 * double-quoted fields) only as far as needed to find each rule's authentication method. Rewriting changes the
 * method of the rules that say {@code trust} and nothing else, so the file stays as its owner knows it.
 */
final class PgHbaFile {

    static final String TRUST = "trust";
    static final String SCRAM = "scram-sha-256";
    private static final Set<String> CONNECTION_TYPES = Set.of("local", "host", "hostssl", "hostnossl",
            "hostgssenc", "hostnogssenc");
    private static final Set<String> METHODS = Set.of(TRUST, "reject", SCRAM, "md5", "password", "gss", "sspi",
            "ident", "peer", "ldap", "radius", "cert", "pam", "bsd");
    private static final Pattern FIELD = Pattern.compile("(?:\"[^\"]*\"|[^\\s\"])+");
    private static final String NOTE = "# Fluxbase changed \"trust\" to \"" + SCRAM + "\" in every rule below:"
            + " each login needs a password.";

    private final Path path;
    private final List<String> lines;

    private PgHbaFile(Path path, List<String> lines) {
        this.path = path;
        this.lines = lines;
    }

    static PgHbaFile in(Path clusterDirectory) {
        Path path = clusterDirectory.resolve("pg_hba.conf");
        try {
            return new PgHbaFile(path, Files.readAllLines(path));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path, e);
        }
    }

    Path path() {
        return path;
    }

    /** Whether some rule lets a connection in without any proof of who it is. */
    boolean trustsAnyConnection() {
        return lines.stream().map(PgHbaFile::method).flatMap(Optional::stream)
                .anyMatch(method -> method.group().equals(TRUST));
    }

    /** Writes the file with scram-sha-256 wherever a rule said trust, and a note at the top saying so. */
    void requirePasswords() {
        List<String> rewritten = new ArrayList<>();
        rewritten.add(NOTE);
        for (String line : lines) {
            rewritten.add(method(line).filter(method -> method.group().equals(TRUST))
                    .map(method -> line.substring(0, method.start()) + SCRAM + line.substring(method.end()))
                    .orElse(line));
        }
        write(rewritten);
    }

    /** Puts the file back as it was read. */
    void restore() {
        write(lines);
    }

    /** The method field of a rule; empty for comments, blank lines and directives such as include. */
    private static Optional<MatchResult> method(String line) {
        List<MatchResult> fields = FIELD.matcher(withoutComment(line)).results().toList();
        if (fields.isEmpty() || !CONNECTION_TYPES.contains(fields.get(0).group())) {
            return Optional.empty();
        }
        // local DATABASE USER METHOD; host... DATABASE USER ADDRESS [MASK] METHOD
        boolean local = fields.get(0).group().equals("local");
        int index = local ? 3 : 4;
        if (!local && index < fields.size() && !METHODS.contains(fields.get(index).group())) {
            index++; // an IP mask in its own field
        }
        return index < fields.size() ? Optional.of(fields.get(index)) : Optional.empty();
    }

    private static String withoutComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Through a file beside it and a rename, so PostgreSQL never reads half a file. */
    private void write(List<String> content) {
        Path next = path.resolveSibling(path.getFileName() + ".next");
        try {
            Files.deleteIfExists(next);
            Files.createFile(next, PosixFilePermissions.asFileAttribute(Files.getPosixFilePermissions(path)));
            Files.write(next, content);
            Files.move(next, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not rewrite " + path, e);
        }
    }
}
