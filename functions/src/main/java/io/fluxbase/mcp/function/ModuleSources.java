package io.fluxbase.mcp.function;

import io.fluxbase.mcp.kernel.function.FunctionCode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.graalvm.polyglot.Source;

/**
 * One {@link Source} per function version, so every invocation hands the shared engine the same source and its
 * parse is reused (a warm call does not parse again). Least recently used versions are dropped past a bound.
 */
final class ModuleSources {

    private record Key(String name, int version, String sha256) {
    }

    private final Map<Key, Source> sources;

    ModuleSources(int maxVersions) {
        this.sources = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Source> eldest) {
                return size() > maxVersions;
            }
        };
    }

    synchronized Source of(FunctionCode code) {
        Key key = new Key(code.name(), code.version(), code.sha256());
        Source cached = sources.get(key);
        // a different text under the same key is a caller's mistake; run what was given, not what was cached
        if (cached == null || !cached.getCharacters().toString().equals(code.source())) {
            cached = Sandbox.module(code.source());
            sources.put(key, cached);
        }
        return cached;
    }
}
