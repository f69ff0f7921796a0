/** The job status read model: one row per job and one per step of its lifecycle, and what is read from them. */
@org.jspecify.annotations.NullMarked
package io.fluxbase.mcp.query.job;
