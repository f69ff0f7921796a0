package io.fluxbase.mcp.edge.transport;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The limits a request body's JSON is parsed under, the same on the MCP endpoint and on {@code /functions/v1}: a body
 * is parsed, then copied (secrets masked) and written again for its call's record, so what one body may cost is
 * decided here once.
 */
final class RequestJson {

    /**
     * Values, names and brackets one body may hold. A tree costs far more than its text ({@code [{},{},...]} about
     * 30 bytes of heap per byte); at this count a body full of empty objects costs about 25 MB, while 1,000 rows of
     * 100 columns (the most one write takes) need about 200,000.
     */
    static final int MAX_TOKENS = 500_000;

    /**
     * Levels of arrays and objects one body may nest. Well below the 500 Jackson writes: a call's record nests what
     * it keeps of a body deeper still, and a record that cannot be written withholds the answer.
     */
    static final int MAX_DEPTH = 100;

    static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxTokenCount(MAX_TOKENS)
                    .maxNestingDepth(MAX_DEPTH)
                    .build())
            .build()).build();

    /** Which limit a body went over. */
    enum Limit {
        /** More than {@link #MAX_TOKENS}: a body too large, whatever its bytes. */
        TOKENS("holds more than " + MAX_TOKENS + " JSON tokens (values, names and brackets)"),
        DEPTH("nests JSON too deeply (more than " + MAX_DEPTH + " levels of arrays and objects)"),
        /** Jackson's own bounds on one number or name, which no real body comes near. */
        LENGTH("holds a number or name too long for this server");

        /** What the body does, in words that follow its name ("the message ...", "body: ..."). */
        final String reading;

        Limit(String reading) {
            this.reading = reading;
        }

        /** Jackson names the limit only in its message, by the getter that holds it. */
        static Limit of(StreamConstraintsException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("getMaxTokenCount")) {
                return TOKENS;
            }
            return message.contains("getMaxNestingDepth") ? DEPTH : LENGTH;
        }
    }

    private RequestJson() {
    }
}
