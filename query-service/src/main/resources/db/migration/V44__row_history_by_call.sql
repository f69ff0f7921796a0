-- The dashboard shows the rows a call wrote: look them up by call rather than scanning the history.
CREATE INDEX row_history_call ON fluxbase.row_history (call_id);
