package io.fluxbase.mcp.kernel.storage;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A page of a listing; {@code nextCursor} is where the next page starts, null when this was the last. */
public record FilesPage(List<FileView> files, @Nullable String nextCursor) {

    public FilesPage {
        files = List.copyOf(files);
    }
}
