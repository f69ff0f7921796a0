package io.fluxbase.mcp.kernel.data;

/**
 * How many bytes the answer to a write will have, computed by the edge that renders it. A write's call record
 * commits with the write, before the answer exists, so whoever finishes the record asks this for its bytes out.
 */
public interface AnswerSize {

    /** For a write whose answer is not a JSON-RPC response (the admin API's, a function's ctx.db). */
    AnswerSize NONE = new AnswerSize() {
        @Override
        public long of(WriteResult result) {
            return 0;
        }

        @Override
        public long of(DataAccessRefusal refusal) {
            return 0;
        }
    };

    /** Bytes of the answer to a write that did {@code result}. */
    long of(WriteResult result);

    /** Bytes of the answer to a write the database refused. */
    long of(DataAccessRefusal refusal);
}
