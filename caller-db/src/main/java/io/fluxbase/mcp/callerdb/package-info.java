/**
 * What caller statements run on over JDBC, for both sides: the caller logins' pools, the threads that block on them,
 * and kernel-built SQL in JDBC form. Which statements run, and in which role, is {@code kernel.caller.CallerSettings}'
 * to say.
 */
@NullMarked
package io.fluxbase.mcp.callerdb;

import org.jspecify.annotations.NullMarked;
