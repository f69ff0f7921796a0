-- The table a call read or changed (query_table, vector_search, insert/update/delete_record), so the compliance
-- report can give rows read per key, tool and table. Calls recorded before this column have none.
ALTER TABLE fluxbase.audit_log ADD COLUMN table_name TEXT;
