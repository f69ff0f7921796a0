-- A claim prefers the key with the fewest jobs running, and a submission counts the key's queued and running jobs:
-- both count by key without reading the whole queue, nor the key's finished jobs.
CREATE INDEX job_queue_active_keys ON fluxbase.job_queue (key_id, status) WHERE status IN ('queued', 'running');
