package io.fluxbase.mcp.kernel.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DigestsTest {

    @Test
    void givesTheStandardsValues() {
        assertThat(Digests.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Digests.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    /** Each digest starts afresh, whatever ran before it and on whichever thread. */
    @Test
    void digestsOnManyThreadsAtOnceAreEachTheirOwn() throws Exception {
        List<Callable<Boolean>> workers = IntStream.range(0, 8).<Callable<Boolean>>mapToObj(seed -> () -> {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < 2_000; i++) {
                byte[] bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
                String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                if (!Digests.sha256(bytes).equals(expected)) {
                    return false;
                }
                MessageDigest parts = Digests.sha256Digest();
                parts.update(bytes);
                if (!HexFormat.of().formatHex(parts.digest()).equals(expected)) {
                    return false;
                }
            }
            return true;
        }).toList();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (var result : pool.invokeAll(workers)) {
                assertThat(result.get()).isTrue();
            }
        }
        assertThat(Digests.sha256("abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
