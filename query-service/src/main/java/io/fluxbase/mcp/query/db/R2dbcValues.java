package io.fluxbase.mcp.query.db;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * How the read models' R2DBC statements read times and bind optional filters, one way for all of them. An absent
 * filter is bound as a typed null and switched off in SQL ({@code $n::text IS NULL OR ...}), so a statement's text
 * never varies with the filters given.
 */
public final class R2dbcValues {

    private R2dbcValues() {
    }

    public static Instant time(Readable row, String column) {
        return row.get(column, OffsetDateTime.class).toInstant();
    }

    public static @Nullable Instant optionalTime(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    public static GenericExecuteSpec bindText(GenericExecuteSpec spec, int index, @Nullable String value) {
        return value == null ? spec.bindNull(index, String.class) : spec.bind(index, value);
    }

    public static GenericExecuteSpec bindTime(GenericExecuteSpec spec, int index, @Nullable Instant value) {
        return value == null ? spec.bindNull(index, OffsetDateTime.class)
                : spec.bind(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
    }
}
