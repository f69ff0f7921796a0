-- A pruning note excuses missing records at verify, so the database alone must not be able to write one: retention
-- signs each with the checkpoints' key, as it signs them (the key lives in a file, not here). A note written before
-- this has no signature and excuses nothing: whoever can write the database could have written it, and signing it
-- now would sign whatever the table holds.
ALTER TABLE fluxbase.log_pruning ADD COLUMN signature BYTEA;
