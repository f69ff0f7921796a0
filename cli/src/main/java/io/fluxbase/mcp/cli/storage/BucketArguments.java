package io.fluxbase.mcp.cli.storage;

import io.fluxbase.mcp.kernel.storage.BucketName;
import io.fluxbase.mcp.kernel.storage.BucketRules;
import io.fluxbase.mcp.kernel.storage.ByteSize;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks bucket options with the same rules the server applies (from the shared kernel), so a typo is reported
 * with the valid forms before any request is sent.
 */
final class BucketArguments {

    /** The word for "no limit" / "any type" in {@code buckets update}. */
    static final String NO_SIZE_LIMIT = "none";
    static final String ANY_TYPE = "any";

    private BucketArguments() {
    }

    static String name(String name, CommandSpec spec) {
        try {
            return BucketName.check(name.strip(), "NAME");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The size as typed (the server reads it the same way), once it is known to be a size. */
    static String maxFileSize(String text, CommandSpec spec) {
        try {
            ByteSize.parse(text, "--max-file-size");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return text.strip();
    }

    /** {@code image/*,text/plain} as a list; {@code any} as the empty list, which the API reads as "any type". */
    static List<String> allowedTypes(String text, CommandSpec spec) {
        if (text.strip().equalsIgnoreCase(ANY_TYPE)) {
            return List.of();
        }
        List<String> types = Arrays.stream(text.split(",")).map(String::strip).filter(type -> !type.isEmpty())
                .toList();
        if (types.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--allowed-types: give content types such as"
                    + " image/*,text/plain, or '" + ANY_TYPE + "'");
        }
        try {
            new BucketRules(false, null, types);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    e.getMessage().replaceFirst("^allowed_types:", "--allowed-types:"));
        }
        return types;
    }
}
