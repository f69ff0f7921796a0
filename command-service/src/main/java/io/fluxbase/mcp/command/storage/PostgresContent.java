package io.fluxbase.mcp.command.storage;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** The default backend: content travels in the file's own transaction and is kept in fluxbase_storage.contents. */
@Component
@ConditionalOnProperty(name = "fluxbase.storage.backend", havingValue = "postgres", matchIfMissing = true)
class PostgresContent implements ContentPlacement {

    @Override
    public byte[] place(String sha256, byte[] content) {
        return content;
    }
}
