-- The capture trigger names the changed table through display_name once per statement. As a SQL function with its
-- own search_path it could not be inlined, and PostgreSQL parsed and planned its query again at every call: about
-- half of the trigger's time, some 60-100 µs of every write. In PL/pgSQL its expression is planned once per
-- connection. The rule is the same (TableRef.displayName): each part bare when plain, else quoted.
CREATE OR REPLACE FUNCTION fluxbase.display_name(schema_name text, table_name text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog
AS $$
BEGIN
    RETURN CASE WHEN schema_name ~ '^[a-z_][a-z0-9_$]*$' THEN schema_name
                ELSE '"' || replace(schema_name, '"', '""') || '"' END
        || '.'
        || CASE WHEN table_name ~ '^[a-z_][a-z0-9_$]*$' THEN table_name
                ELSE '"' || replace(table_name, '"', '""') || '"' END;
END
$$;
