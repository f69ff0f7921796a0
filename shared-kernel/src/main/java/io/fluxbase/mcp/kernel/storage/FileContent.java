package io.fluxbase.mcp.kernel.storage;

/** A slice of a file's content, {@code bytes} from byte {@code offset}; the whole file when it fits. */
public record FileContent(FileView file, long offset, byte[] bytes) {

    /** Where the next slice starts, or -1 when this one reached the end of the file. */
    public long nextOffset() {
        long end = offset + bytes.length;
        return end < file.size() ? end : -1;
    }
}
