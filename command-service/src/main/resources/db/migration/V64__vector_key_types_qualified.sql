-- The server's sessions now search pg_catalog alone (DataSources), so a key's type of the project's own, stored as
-- format_type() spelled it under the old search_path (doc_id, not public.doc_id), would no longer be found when the
-- embedding worker casts to it. Each is spelled again as format_type() spells it under that search_path (qualified
-- where needed), whatever search_path this migration runs with.
SET LOCAL search_path = pg_catalog, pg_temp;
UPDATE fluxbase.vector_indexes i
SET key_type = format_type(a.atttypid, a.atttypmod)
FROM pg_attribute a
WHERE a.attrelid = to_regclass(i.table_name) AND a.attname = i.key_column AND NOT a.attisdropped
  AND i.key_type IS DISTINCT FROM format_type(a.atttypid, a.atttypmod);
