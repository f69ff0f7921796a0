package io.fluxbase.mcp.cli.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TransferProgressTest {

    /** A clock the test moves forward by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-30T12:00:00Z");

        void advanceMillis(long millis) {
            now = now.plusMillis(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final StringWriter err = new StringWriter();
    private final ManualClock clock = new ManualClock();

    @Test
    void aQuickTransferPrintsNothing() {
        TransferProgress progress = new TransferProgress(new PrintWriter(err), clock, true, "uploading docs/a", 100);
        clock.advanceMillis(900);
        progress.advance(100);
        progress.finish();

        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aSlowTransferShowsBytesDoneOfTheTotalAndEndsTheLine() {
        TransferProgress progress = new TransferProgress(new PrintWriter(err), clock, true, "uploading docs/a",
                4 * 1024 * 1024);
        clock.advanceMillis(1500);
        progress.advance(1024 * 1024);
        clock.advanceMillis(50);
        progress.advance(1024 * 1024); // too soon after the last draw: not redrawn
        clock.advanceMillis(500);
        progress.advance(2 * 1024 * 1024);
        progress.finish();

        assertThat(err.toString()).isEqualTo(
                "\ruploading docs/a [#######                       ] 1 MiB / 4 MiB  25%"
                        + "\ruploading docs/a [##############################] 4 MiB / 4 MiB 100%"
                        + "\ruploading docs/a [##############################] 4 MiB / 4 MiB 100%\n");
    }

    @Test
    void withoutATotalOnlyTheBytesDoneAreShown() {
        TransferProgress progress = new TransferProgress(new PrintWriter(err), clock, true, "downloading docs/a", -1);
        clock.advanceMillis(2000);
        progress.advance(2048);
        progress.abandon();

        assertThat(err.toString()).isEqualTo("\rdownloading docs/a 2 KiB\n");
    }

    @Test
    void machineReadableOutputGetsNoBar() {
        TransferProgress progress = new TransferProgress(new PrintWriter(err), clock, false, "uploading docs/a", 10);
        clock.advanceMillis(5000);
        progress.advance(10);
        progress.finish();

        assertThat(err.toString()).isEmpty();
    }

    @Test
    void humanBytesUseBinaryUnitsAndDropAWholeNumbersDecimal() {
        assertThat(HumanBytes.of(0)).isEqualTo("0 B");
        assertThat(HumanBytes.of(1023)).isEqualTo("1023 B");
        assertThat(HumanBytes.of(1234)).isEqualTo("1.2 KiB");
        assertThat(HumanBytes.of(10 * 1024 * 1024)).isEqualTo("10 MiB");
        assertThat(HumanBytes.of(3L * 1024 * 1024 * 1024 / 2)).isEqualTo("1.5 GiB");
    }
}
