/**
 * What every projection shares so that no record can stall it: text made storable before it is written, and writes
 * that set a record aside (a dead letter) when PostgreSQL still refuses it, so the projection moves on.
 */
@NullMarked
package io.fluxbase.mcp.query.readmodel;

import org.jspecify.annotations.NullMarked;
