package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.kernel.function.DeployedFunction;
import io.fluxbase.mcp.kernel.function.FunctionDeployments;
import io.fluxbase.mcp.kernel.function.FunctionNotFound;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The live version of each function as calls need it, kept for a moment so a warm call does not ask the database
 * (nor parse the input schema) again. A deploy or delete through this node is seen at once ({@link #forget}); one
 * through another node on the same database within {@link #FRESH_FOR}.
 */
@Component
public class LiveFunctions {

    static final Duration FRESH_FOR = Duration.ofSeconds(2);

    /** A function with its input schema read once. */
    public record Live(DeployedFunction function, @Nullable Map<String, Object> inputSchema, long readAt) {
    }

    private final FunctionDeployments deployments;
    private final Map<String, Live> live = new ConcurrentHashMap<>();

    LiveFunctions(FunctionDeployments deployments) {
        this.deployments = deployments;
    }

    /** The function as read less than {@link #FRESH_FOR} ago, without blocking; null when it must be read. */
    public @Nullable Live cached(String name) {
        Live known = live.get(name);
        return known != null && System.nanoTime() - known.readAt() < FRESH_FOR.toNanos() ? known : null;
    }

    /** Blocking when not cached; throws {@link FunctionNotFound} naming the deployed functions. */
    public Live find(String name) {
        Live known = cached(name);
        if (known != null) {
            return known;
        }
        long now = System.nanoTime();
        DeployedFunction function = deployments.find(name).orElseThrow(() -> {
            live.remove(name);
            return new FunctionNotFound(name, deployments.list().stream().map(DeployedFunction::name).toList());
        });
        Live fresh = new Live(function, function.inputSchema() == null ? null
                : ToolResults.object(function.inputSchema()), now);
        live.put(name, fresh);
        return fresh;
    }

    /** After a deploy or delete of {@code name} through this node. */
    public void forget(String name) {
        live.remove(name);
    }
}
