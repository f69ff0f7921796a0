package io.fluxbase.mcp.command.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Jackson 2 mappers for JSON written or read on the callers' virtual threads (a write's change events and call
 * record). Jackson 2 keeps its parsers' and generators' buffers per thread by default, and a virtual thread lives for
 * one call, so every event allocated them anew; these share one pool across threads, as Jackson 3 does by default.
 */
public final class VirtualThreadJson {

    private VirtualThreadJson() {
    }

    /** A plain mapper whose buffers come from a pool shared by all threads. */
    public static ObjectMapper mapper() {
        return new ObjectMapper(JsonFactory.builder().recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build());
    }
}
