package io.fluxbase.mcp.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxbase.mcp.kernel.job.JobStartedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

class RevisionsReadOnceTest {

    record Unrevised(String name) {
    }

    @Test
    void givesEachClassTheRevisionItsAnnotationSays() {
        RevisionsReadOnce revisions = new RevisionsReadOnce(new AnnotationRevisionResolver());

        assertThat(revisions.revisionOf(JobStartedEvent.class)).isEqualTo("1");
        assertThat(revisions.revisionOf(Unrevised.class)).isNull();
        assertThat(revisions.revisionOf(JobStartedEvent.class)).isEqualTo("1");
        assertThat(revisions.revisionOf(Unrevised.class)).isNull();
    }

    @Test
    void asksTheResolverOncePerClassEvenWhenItHasNoRevision() {
        List<Class<?>> asked = new ArrayList<>();
        RevisionsReadOnce revisions = new RevisionsReadOnce(type -> {
            asked.add(type);
            return type == JobStartedEvent.class ? "1" : null;
        });

        for (int i = 0; i < 3; i++) {
            revisions.revisionOf(JobStartedEvent.class);
            revisions.revisionOf(Unrevised.class);
        }

        assertThat(asked).containsExactly(JobStartedEvent.class, Unrevised.class);
    }

    @Test
    void eventsSerialisedThroughItCarryTheirRevisionIntoTheLog() {
        JacksonSerializer serializer = JacksonSerializer.builder()
                .objectMapper(new ObjectMapper().findAndRegisterModules())
                .revisionResolver(new RevisionsReadOnce(new AnnotationRevisionResolver())).build();

        SerializedObject<byte[]> stored = serializer.serialize(
                new JobStartedEvent("job-1", "node-a", 1, Instant.parse("2026-12-05T12:00:00Z")), byte[].class);

        assertThat(stored.getType().getName()).isEqualTo(JobStartedEvent.class.getName());
        assertThat(stored.getType().getRevision()).isEqualTo("1");
        assertThat(serializer.<byte[], JobStartedEvent>deserialize(stored).attempt()).isEqualTo(1);
    }
}
