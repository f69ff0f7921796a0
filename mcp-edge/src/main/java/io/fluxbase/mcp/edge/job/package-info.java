/**
 * The job runner every node runs: it claims due jobs from the shared queue, runs each attempt in the function
 * runtime under its submitter's role, renews its lease while it runs and reports how it ended.
 */
@org.jspecify.annotations.NullMarked
package io.fluxbase.mcp.edge.job;
