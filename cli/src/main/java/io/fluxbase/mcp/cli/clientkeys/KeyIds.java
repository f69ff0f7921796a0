package io.fluxbase.mcp.cli.clientkeys;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The ID argument of get, revoke and rotate. */
final class KeyIds {

    private KeyIds() {
    }

    static String valid(String id, CommandSpec spec) {
        String trimmed = id.trim();
        if (trimmed.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "ID: must not be empty; see 'fluxbase clientkeys list' for the ids");
        }
        return trimmed;
    }
}
