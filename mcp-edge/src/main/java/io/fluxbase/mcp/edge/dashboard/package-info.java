/**
 * The web dashboard's own parts: its sessions (cookie, CSRF token, one-time sign-in links) and its pages, served from
 * the jar under {@code /dashboard}. What the pages show comes from the admin API, which takes a dashboard session in
 * place of the admin token.
 */
@NullMarked
package io.fluxbase.mcp.edge.dashboard;

import org.jspecify.annotations.NullMarked;
