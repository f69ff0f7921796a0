-- get_job_status read the job read model on the server's own pool, the rule of who may see a job applied in Java.
-- A caller's question is now asked in the caller's transaction, under the key's role and claims, as a row's history
-- is: this gate function sees the read model and answers only for a job the claims may see (the same key, a key
-- bound to the same user, or, for a service key, a job the server submitted itself, key id 'admin'), and it is
-- reached only with the gate key the server holds. One view gives a job with its steps, a row per step, to the gate
-- and to the operator's reads alike.

CREATE VIEW fluxbase.job_status_steps AS
SELECT j.job_id, j.name, j.status, j.progress, j.progress_message, j.attempts, j.max_attempts, j.priority,
       j.result::text AS result, j.error, j.key_id, j.user_id, j.submitted_at, j.run_at, j.started_at, j.finished_at,
       s.seq, s.step, s.at AS step_at, s.attempt AS step_attempt, s.node AS step_node, s.detail AS step_detail
FROM fluxbase.job_status j LEFT JOIN fluxbase.job_steps s ON s.job_id = j.job_id;

CREATE FUNCTION fluxbase_gate.job_status(gate_key text, wanted uuid)
    RETURNS SETOF fluxbase.job_status_steps
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    claims jsonb := nullif(current_setting('request.jwt.claims', true), '')::jsonb;
BEGIN
    PERFORM fluxbase.gate_check(gate_key);
    RETURN QUERY
        SELECT v.* FROM fluxbase.job_status_steps v
        WHERE v.job_id = wanted
          AND (v.key_id = claims ->> 'key_id'
               OR (v.user_id IS NOT NULL AND v.user_id::text = claims ->> 'sub')
               OR (v.key_id = 'admin' AND claims ->> 'key_type' = 'service'))
        ORDER BY v.seq;
END
$$;

REVOKE ALL ON FUNCTION fluxbase_gate.job_status(text, uuid) FROM PUBLIC;
-- Called from the caller's statement while it runs as the key role; the gate key is what protects it.
GRANT EXECUTE ON FUNCTION fluxbase_gate.job_status(text, uuid)
    TO anon, authenticated, service_role, fluxbase_caller_anon, fluxbase_caller_authenticated,
       fluxbase_caller_service_role;
