package io.fluxbase.mcp.kernel.sql;

/**
 * A statement's rows cut off at a byte cap by PostgreSQL itself, so the server never reads more than the cap: a row
 * can be megabytes long, and reading a thousand of them before counting would fill the server's memory.
 *
 * <p>Each row is one text (a JSON object or value). A running total of the rows' bytes (a JSON null counts 4, and the
 * comma between rows 1) decides: the rows within the cap come back as they are, then the first row beyond it with its
 * text withheld and {@code t} in the second column, then nothing.
 */
public final class AnswerCap {

    private static final String SIZE = "coalesce(octet_length(_row), 4) + 1";

    private AnswerCap() {
    }

    /** {@code statement} returns one text column; the capped statement returns the text and the beyond-cap mark. */
    public static BoundSql capped(BoundSql statement, long cap) {
        String bytes = Long.toString(cap);
        return new BoundSql("WITH _w(_row) AS (" + statement.text() + ") SELECT CASE WHEN _total <= " + bytes
                + " THEN _row END, _total > " + bytes + " FROM (SELECT _row, sum(" + SIZE
                + ") OVER (ROWS UNBOUNDED PRECEDING) AS _total FROM _w) AS _s WHERE _total - (" + SIZE + ") <= "
                + bytes, statement.parameters(), statement.casts());
    }

    /** Whether a row of the capped statement is the first beyond the cap (its text withheld). */
    public static boolean beyondCap(String[] row) {
        return "t".equals(row[1]);
    }
}
