-- Nodes keep the keys they admit in memory; any change to the registry tells every node to forget them.
-- Statement level and without a payload: one notice per changing transaction, however many rows it touched.
CREATE FUNCTION fluxbase.announce_key_registry_change() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog
AS $$
BEGIN
    PERFORM pg_notify('fluxbase_key_registry', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER key_registry_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON fluxbase.key_registry
    FOR EACH STATEMENT EXECUTE FUNCTION fluxbase.announce_key_registry_change();
