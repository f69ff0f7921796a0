package io.fluxbase.mcp.edge.transport;

import java.util.List;
import org.springframework.http.server.PathContainer;

/**
 * Whether a request path lies under a base path, judged the way the routes match it: segment by segment, each
 * decoded and without its matrix parameters, empty segments skipped. A guard that compared the raw text instead could
 * be walked past by a path the routes still serve ({@code /%64ashboard/} or {@code /dashboard;x=1/} for
 * {@code /dashboard/}, {@code //actuator/prometheus}).
 */
public final class PathPrefix {

    private final List<String> segments;

    private PathPrefix(List<String> segments) {
        this.segments = segments;
    }

    public static PathPrefix of(String base) {
        PathContainer path = PathContainer.parsePath(base);
        List<String> segments = path.elements().stream()
                .filter(PathContainer.PathSegment.class::isInstance)
                .map(element -> ((PathContainer.PathSegment) element).valueToMatch())
                .filter(segment -> !segment.isEmpty())
                .toList();
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a base path needs at least one segment, not '" + base + "'");
        }
        return new PathPrefix(segments);
    }

    /** Runs for every request, so it walks the path's elements in place rather than copying them. */
    public boolean covers(PathContainer path) {
        int matched = 0;
        for (PathContainer.Element element : path.elements()) {
            if (!(element instanceof PathContainer.PathSegment segment) || segment.valueToMatch().isEmpty()) {
                continue;
            }
            if (!segment.valueToMatch().equals(segments.get(matched))) {
                return false;
            }
            if (++matched == segments.size()) {
                return true;
            }
        }
        return false;
    }
}
