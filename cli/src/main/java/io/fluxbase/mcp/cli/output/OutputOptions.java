package io.fluxbase.mcp.cli.output;

import picocli.CommandLine.Option;

/** The {@code -o/--output} option every command shares. */
public final class OutputOptions {

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            converter = OutputFormat.Converter.class, completionCandidates = OutputFormat.Names.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private OutputFormat format = OutputFormat.TABLE;

    public OutputFormat format() {
        return format;
    }
}
