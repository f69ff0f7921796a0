-- get_job_status waits a moment for a job the read model does not hold yet when the job queue holds it for the
-- asker. That check read the queue on the server's own pool, the rule of who may see a job applied in Java. It is
-- now asked in the caller's transaction, like the job itself (V54), through a gate function of its own; both gate
-- functions apply one rule, fluxbase.job_visible: the same key, a key bound to the same user, or, for a service
-- key, a job the server submitted itself (key id 'admin').

CREATE FUNCTION fluxbase.job_visible(job_key_id text, job_user_id uuid, claims jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE
AS $$
    SELECT coalesce(job_key_id = claims ->> 'key_id'
                    OR (job_user_id IS NOT NULL AND job_user_id::text = claims ->> 'sub')
                    OR (job_key_id = 'admin' AND claims ->> 'key_type' = 'service'), false)
$$;

REVOKE ALL ON FUNCTION fluxbase.job_visible(text, uuid, jsonb) FROM PUBLIC;

CREATE OR REPLACE FUNCTION fluxbase_gate.job_status(gate_key text, wanted uuid)
    RETURNS SETOF fluxbase.job_status_steps
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    claims jsonb := nullif(current_setting('request.jwt.claims', true), '')::jsonb;
BEGIN
    PERFORM fluxbase.gate_check(gate_key);
    RETURN QUERY
        SELECT v.* FROM fluxbase.job_status_steps v
        WHERE v.job_id = wanted AND fluxbase.job_visible(v.key_id, v.user_id, claims)
        ORDER BY v.seq;
END
$$;

CREATE FUNCTION fluxbase_gate.job_queued(gate_key text, wanted uuid)
    RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    claims jsonb := nullif(current_setting('request.jwt.claims', true), '')::jsonb;
BEGIN
    PERFORM fluxbase.gate_check(gate_key);
    RETURN EXISTS (SELECT 1 FROM fluxbase.job_queue q
                   WHERE q.job_id = wanted AND fluxbase.job_visible(q.key_id, q.user_id, claims));
END
$$;

REVOKE ALL ON FUNCTION fluxbase_gate.job_queued(text, uuid) FROM PUBLIC;
-- Called from the caller's statement while it runs as the key role; the gate key is what protects it.
GRANT EXECUTE ON FUNCTION fluxbase_gate.job_queued(text, uuid)
    TO anon, authenticated, service_role, fluxbase_caller_anon, fluxbase_caller_authenticated,
       fluxbase_caller_service_role;
