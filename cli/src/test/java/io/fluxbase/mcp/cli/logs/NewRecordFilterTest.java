package io.fluxbase.mcp.cli.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.cli.json.CliJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class NewRecordFilterTest {

    private static JsonNode record(String callId, String time) {
        return CliJson.MAPPER.readTree("{\"call_id\":\"" + callId + "\",\"time\":\"" + time + "\"}");
    }

    private static List<String> ids(List<JsonNode> records) {
        return records.stream().map(record -> CliJson.text(record, "call_id")).toList();
    }

    @Test
    void showsTheBacklogOldestFirstThenOnlyNewRecords() {
        NewRecordFilter filter = new NewRecordFilter();

        List<JsonNode> backlog = filter.backlog(List.of(
                record("c2", "2026-11-30T10:00:02Z"), record("c1", "2026-11-30T10:00:01Z")));
        List<JsonNode> next = filter.unseen(List.of(
                record("c4", "2026-11-30T10:00:04Z"), record("c3", "2026-11-30T10:00:03Z"),
                record("c2", "2026-11-30T10:00:02Z")));

        assertThat(ids(backlog)).containsExactly("c1", "c2");
        assertThat(ids(next)).containsExactly("c3", "c4");
        assertThat(filter.nextSince()).contains(Instant.parse("2026-11-30T09:59:04Z"));
    }

    @Test
    void leavesOutRecordsOlderThanTheBacklog() {
        NewRecordFilter filter = new NewRecordFilter();
        filter.backlog(List.of(record("c5", "2026-11-30T10:00:05Z")));

        // The overlap window brings back older records the backlog deliberately did not show.
        List<JsonNode> next = filter.unseen(List.of(
                record("c6", "2026-11-30T10:00:06Z"), record("c4", "2026-11-30T10:00:04Z")));

        assertThat(ids(next)).containsExactly("c6");
    }

    @Test
    void catchesRecordsWrittenLateWithAnEarlierTime() {
        NewRecordFilter filter = new NewRecordFilter();
        filter.backlog(List.of());
        filter.unseen(List.of(record("c2", "2026-11-30T10:00:30Z")));

        List<JsonNode> next = filter.unseen(List.of(
                record("c2", "2026-11-30T10:00:30Z"), record("late", "2026-11-30T10:00:10Z")));

        assertThat(ids(next)).containsExactly("late");
    }

    @Test
    void forgetsIdsOutsideTheOverlapWindow() {
        NewRecordFilter filter = new NewRecordFilter();
        filter.unseen(List.of(record("old", "2026-11-30T10:00:00Z")));
        filter.unseen(List.of(record("new", "2026-11-30T10:05:00Z")));

        assertThat(filter.remembered()).isEqualTo(1);
    }

    @Test
    void startsWithNoCursor() {
        assertThat(new NewRecordFilter().nextSince()).isEmpty();
    }
}
