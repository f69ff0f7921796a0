package io.fluxbase.mcp.kernel.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuotedValuesTest {

    static Stream<Arguments> messages() {
        return Stream.of(
                // values PostgreSQL quotes back
                Arguments.of("Key (code)=(abc) already exists.", "Key (code)=(…) already exists."),
                Arguments.of("Key (a, b)=(1, x) is not present in table \"parents\".",
                        "Key (a, b)=(…) is not present in table \"parents\"."),
                Arguments.of("Key (id)=(7) is still referenced from table \"children\".",
                        "Key (id)=(…) is still referenced from table \"children\"."),
                Arguments.of("Key (lower(email::text))=(Bob@example.com) already exists.",
                        "Key (lower(email::text))=(…) already exists."),
                Arguments.of("Key (code)=(x) already exists) already exists.", "Key (code)=(…) already exists."),
                Arguments.of("Key (room, during)=(1, [\"2024-01-01\",\"2024-01-02\")) conflicts with existing key"
                                + " (room, during)=(1, [\"2023-12-31\",\"2024-01-03\")).",
                        "Key (room, during)=(…) conflicts with existing key (room, during)=(…)."),
                Arguments.of("Failing row contains (1, hunter2, -5).", "Failing row contains (…)."),
                Arguments.of("invalid input syntax for type integer: \"lots\"",
                        "invalid input syntax for type integer: \"…\""),
                Arguments.of("invalid input syntax for type integer: \"a\"b\"; send a number",
                        "invalid input syntax for type integer: \"…\"; send a number"),
                Arguments.of("value \"99999999999\" is out of range for type integer",
                        "value \"…\" is out of range for type integer"),
                Arguments.of("invalid input value for enum mood: \"sad\"",
                        "invalid input value for enum mood: \"…\""),
                Arguments.of("date/time field value out of range: \"2024-13-45\"",
                        "date/time field value out of range: \"…\""),
                Arguments.of("malformed array literal: \"{a\"", "malformed array literal: \"…\""),
                Arguments.of("syntax error at or near \"DROP\"", "syntax error at or near \"…\""),
                Arguments.of("invalid byte sequence for encoding \"UTF8\": 0xe9 0x20",
                        "invalid byte sequence for encoding \"UTF8\": 0x…"),
                Arguments.of("unnamed portal parameter $1 = 'hunter2'", "unnamed portal parameter $1 = '…'"),
                Arguments.of("unterminated \"quote", "unterminated \"…\""),
                // names stay
                Arguments.of("null value in column \"name\" of relation \"widgets\" violates not-null constraint",
                        "null value in column \"name\" of relation \"widgets\" violates not-null constraint"),
                Arguments.of("insert or update on table \"orders\" violates foreign key constraint \"orders_fk\"",
                        "insert or update on table \"orders\" violates foreign key constraint \"orders_fk\""),
                Arguments.of("new row for relation \"t\" violates check constraint \"positive\"",
                        "new row for relation \"t\" violates check constraint \"positive\""),
                Arguments.of("table: 'widgets' does not exist in schema 'public'",
                        "table: 'widgets' does not exist in schema 'public'"),
                // the messages the write path builds around them
                Arguments.of("public.codes: a row with the same value already exists, unique constraint"
                                + " 'codes_code_key' (Key (code)=(abc) already exists.). Use another value, or"
                                + " update_record to change the existing row.",
                        "public.codes: a row with the same value already exists, unique constraint"
                                + " 'codes_code_key' (Key (code)=(…) already exists.). Use another value, or"
                                + " update_record to change the existing row."),
                Arguments.of("data.qty: invalid input syntax for type integer: \"lots\"; send a value of the"
                                + " column's type (see schema://tables)",
                        "data.qty: invalid input syntax for type integer: \"…\"; send a value of the column's type"
                                + " (see schema://tables)"),
                Arguments.of("public.t: check constraint 'positive' refused the row (Failing row contains (1, a).)."
                                + " Change the values",
                        "public.t: check constraint 'positive' refused the row (Failing row contains (…)."
                                + " Change the values"),
                Arguments.of("ERROR: duplicate key value violates unique constraint \"codes_code_key\"\n"
                                + "  Detail: Key (code)=(abc) already exists.",
                        "ERROR: duplicate key value violates unique constraint \"codes_code_key\"\n"
                                + "  Detail: Key (code)=(…) already exists."));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void keepsTheErrorAndTheNamesButNotTheValues(String message, String recorded) {
        assertThat(QuotedValues.removedFrom(message)).isEqualTo(recorded);
    }

    @Test
    void noMessageStaysNoMessage() {
        assertThat(QuotedValues.removedFrom(null)).isNull();
    }
}
