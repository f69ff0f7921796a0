/**
 * The write side of background jobs: the job aggregate that decides each transition, and the queue the runners
 * claim from, changed in the same transaction as the aggregate's event.
 */
@org.jspecify.annotations.NullMarked
package io.fluxbase.mcp.command.job;
