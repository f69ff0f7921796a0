package io.fluxbase.mcp.kernel.secret;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A secret as lists show it: its name and when it was last set, never its value. {@code problem} says why its value
 * cannot be read (set under another key), or is null.
 */
public record SecretView(String name, Instant updatedAt, @Nullable String problem) {

    /** The one JSON shape of a secret for the admin API. */
    public Map<String, @Nullable Object> shown() {
        Map<String, @Nullable Object> view = new LinkedHashMap<>();
        view.put("name", name);
        view.put("updated_at", updatedAt.toString());
        if (problem != null) {
            view.put("problem", problem);
        }
        return view;
    }
}
