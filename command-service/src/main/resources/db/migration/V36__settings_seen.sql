-- The settings the servers on this database last started with, as digests, so a start with other settings leaves an
-- admin record (settings.change) naming what changed. Digests only: database.url and secrets.key hold secrets.
CREATE TABLE fluxbase.settings_seen (
    name         TEXT PRIMARY KEY,
    value_digest TEXT        NOT NULL,
    value_shown  TEXT,
    changed_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
