package io.fluxbase.mcp.cli.execution;

import java.time.Duration;

/** Waits between polls; tests replace it to end polling loops deterministically. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;
}
