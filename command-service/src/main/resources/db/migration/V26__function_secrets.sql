-- Secrets for edge functions (ctx.env.NAME): AES-256-GCM ciphertext under the server's secrets key, a fresh nonce per
-- write, the name as associated data (a row copied under another name does not decrypt). Written with its SecretSet or
-- SecretDeleted event in one transaction; the events carry the name and the time, never the value.
CREATE TABLE fluxbase.function_secrets (
    name       TEXT PRIMARY KEY CHECK (name ~ '^[A-Z_][A-Z0-9_]{0,63}$'),
    ciphertext BYTEA       NOT NULL,
    nonce      BYTEA       NOT NULL CHECK (length(nonce) = 12),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
