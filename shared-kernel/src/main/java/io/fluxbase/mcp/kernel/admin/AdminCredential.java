package io.fluxbase.mcp.kernel.admin;

/** The admin API's credential, kept hashed; the plaintext exists only in the owner's data directory. */
public interface AdminCredential {

    boolean accepts(String presentedToken);
}
