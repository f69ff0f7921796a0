-- A claim prefers the key with the fewest jobs running: count them by key without reading the whole queue.
CREATE INDEX job_queue_running_keys ON fluxbase.job_queue (key_id) WHERE status = 'running';
