package io.fluxbase.mcp.cli.clientkeys;

import io.fluxbase.mcp.kernel.clientkey.KeyType;
import java.util.Arrays;
import java.util.Iterator;

/** Completion candidates for {@code --type}, also listed in its help text. */
final class KeyTypeNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(KeyType.values()).map(KeyType::wireName).iterator();
    }
}
