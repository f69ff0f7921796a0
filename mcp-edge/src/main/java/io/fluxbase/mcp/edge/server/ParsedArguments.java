package io.fluxbase.mcp.edge.server;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A tools/call's arguments as the tool sees them, read-only, with the tree they were read from: the input schema check
 * takes the tree instead of turning the map back into one. Read-only, so the two cannot part.
 */
final class ParsedArguments extends AbstractMap<String, Object> {

    private final Map<String, Object> values;
    private final JsonNode tree;

    ParsedArguments(Map<String, Object> values, JsonNode tree) {
        this.values = Collections.unmodifiableMap(values);
        this.tree = tree;
    }

    JsonNode tree() {
        return tree;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return values.entrySet();
    }

    @Override
    public Object get(Object key) {
        return values.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return values.containsKey(key);
    }

    @Override
    public int size() {
        return values.size();
    }
}
