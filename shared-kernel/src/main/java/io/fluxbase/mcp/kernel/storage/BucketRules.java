package io.fluxbase.mcp.kernel.storage;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a bucket allows: whether any key with read:storage may read its files, the largest file it takes (null: no
 * limit of its own) and the content types it takes ({@code image/*} matches every image type; empty: any type). The
 * database enforces the same rules on every write (see V23__storage.sql); the edge checks them first to answer
 * before a large upload travels further.
 */
public record BucketRules(boolean isPublic, @Nullable Long fileSizeLimit, List<String> allowedTypes) {

    public BucketRules {
        if (fileSizeLimit != null && fileSizeLimit <= 0) {
            throw new IllegalArgumentException("max_file_size: must be a positive size, got " + fileSizeLimit);
        }
        allowedTypes = allowedTypes.stream().map(String::strip).filter(type -> !type.isEmpty()).toList();
        for (String type : allowedTypes) {
            if (!type.matches("[A-Za-z0-9!#$&^_.+-]+/(\\*|[A-Za-z0-9!#$&^_.+-]+)")) {
                throw new IllegalArgumentException("allowed_types: '" + Printable.of(type) + "' is not a content type"
                        + " such as image/png or image/*");
            }
        }
    }

    public boolean allows(String contentType) {
        if (allowedTypes.isEmpty()) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        String family = type.split("/", 2)[0];
        return allowedTypes.stream().map(allowed -> allowed.toLowerCase(Locale.ROOT)).anyMatch(allowed ->
                allowed.equals(type) || (allowed.endsWith("/*") && allowed.startsWith(family + "/")));
    }
}
