package io.fluxbase.mcp.query.chain;

import io.fluxbase.mcp.kernel.chain.ChainHashes;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** The chain's last position and hash; position 0 and the genesis hash before the first record. */
record ChainHead(long position, byte[] chainHash) {

    static ChainHead of(JdbcTemplate jdbc) {
        List<ChainHead> head = jdbc.query("SELECT position, chain_hash FROM fluxbase.log_chain ORDER BY position DESC"
                + " LIMIT 1", (rows, n) -> new ChainHead(rows.getLong(1), rows.getBytes(2)));
        return head.isEmpty() ? new ChainHead(0, ChainHashes.GENESIS) : head.getFirst();
    }
}
