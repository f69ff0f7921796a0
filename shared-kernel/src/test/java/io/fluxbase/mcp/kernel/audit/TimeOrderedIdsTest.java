package io.fluxbase.mcp.kernel.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void anIdIsAVersionSevenUuidCarryingTheTimeItWasMade() {
        long before = System.currentTimeMillis();
        UUID id = UUID.fromString(TimeOrderedIds.next());
        long after = System.currentTimeMillis();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(TimeOrderedIds.millisOf(id)).isBetween(before, after);
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnesAsText() {
        List<String> ids = new ArrayList<>();
        long start = 1_780_000_000_000L;
        for (long millis = start; millis < start + 1_000; millis += 7) {
            ids.add(TimeOrderedIds.nextUuid(millis).toString());
        }
        assertThat(ids).isSorted();
    }

    @Test
    void idsMadeTogetherOnManyThreadsInTheSameMillisecondsAreAllDifferent() throws InterruptedException {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        int threads = 4;
        int each = 50_000;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    seen.add(TimeOrderedIds.next());
                }
                done.countDown();
            });
        }
        done.await();
        assertThat(seen).hasSize(threads * each);
    }

    @Test
    void axonNamesEveryMessageWithThem() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(TimeOrderedIds.class);
        Set<Integer> versions = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            versions.add(UUID.fromString(GenericEventMessage.asEventMessage("x").getIdentifier()).version());
        }
        assertThat(versions).containsExactly(7);
    }
}
