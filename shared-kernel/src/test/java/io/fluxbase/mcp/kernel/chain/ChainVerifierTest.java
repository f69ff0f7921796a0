package io.fluxbase.mcp.kernel.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

    static final Instant T = Instant.parse("2026-12-03T12:00:00Z");

    static StoredRecord record(long index, String payload) {
        return new StoredRecord("event-" + index, index, "aggregate-" + index, 0, null,
                "io.fluxbase.mcp.kernel.audit.CallRecordedEvent", null, T.plusSeconds(index).toString(),
                payload.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
    }

    /** A chain of {@code n} records, as the processor writes it. */
    static List<ChainLink> chain(int n) {
        List<ChainLink> links = new ArrayList<>();
        byte[] previous = ChainHashes.GENESIS;
        for (int i = 1; i <= n; i++) {
            StoredRecord record = record(i, "{\"outcome\":\"OK\",\"n\":" + i + "}");
            byte[] recordHash = ChainHashes.recordHash(record);
            byte[] chainHash = ChainHashes.chainHash(previous, recordHash, i, i, record.eventIdentifier(),
                    record.payloadType(), T.plusSeconds(i));
            links.add(new ChainLink(i, i, record.eventIdentifier(), record.payloadType(), T.plusSeconds(i),
                    recordHash, previous, chainHash, record));
            previous = chainHash;
        }
        return links;
    }

    static ChainVerifier verifier(KeyPair key, List<Checkpoint> checkpoints) {
        return new ChainVerifier(key.getPublic(), "the test key", checkpoints, Retention.Cut.NONE, true,
                eventId -> OptionalLong.of(Long.parseLong(eventId.substring("event-".length()))));
    }

    static Checkpoint signed(KeyPair key, ChainLink at) throws Exception {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(key.getPrivate());
        signature.update(Checkpoint.signed(at.position(), at.chainHash(), T));
        return new Checkpoint(at.position(), at.chainHash(), T, signature.sign());
    }

    static Retention.Cut cut(KeyPair key, long position, Instant before) throws Exception {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(key.getPrivate());
        signature.update(Retention.Cut.signed(position, before));
        return new Retention.Cut(position, before, signature.sign());
    }

    /** Records 2 and 3 (times T+2s, T+3s) taken out of the log, as retention or someone else would. */
    static List<ChainLink> withRecordsTwoAndThreeMissing() {
        List<ChainLink> links = chain(5);
        for (int i = 1; i <= 2; i++) {
            ChainLink link = links.get(i);
            links.set(i, deleted(link, link.payloadType(), link.time()));
        }
        return links;
    }

    static ChainFinding walked(KeyPair key, Retention.Cut cut, List<ChainLink> links) {
        ChainVerifier verifier = new ChainVerifier(key.getPublic(), "the test key", List.of(), cut, false,
                eventId -> OptionalLong.empty());
        links.forEach(verifier::accept);
        return verifier.finding();
    }

    @Test
    void recordsRetentionRemovedAreAccountedForByItsSignedCut() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Retention.Cut cut = cut(key, 4, T.plusSeconds(4));
        ChainVerifier verifier = new ChainVerifier(key.getPublic(), "the test key", List.of(), cut, false,
                eventId -> OptionalLong.empty());
        withRecordsTwoAndThreeMissing().forEach(verifier::accept);
        assertThat(verifier.report().ok()).isTrue();
        assertThat(verifier.report().pruned()).isEqualTo(2);
    }

    /** A note in the database that retention never wrote does not account for deleted records. */
    @Test
    void aPruningNoteNotSignedWithTheKeyDoesNotExcuseMissingRecords() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        List<ChainLink> links = withRecordsTwoAndThreeMissing();
        for (Retention.Cut forged : List.of(new Retention.Cut(5, T.plusSeconds(60), null),
                cut(other, 5, T.plusSeconds(60)),
                new Retention.Cut(5, T.plusSeconds(60), cut(key, 4, T.plusSeconds(60)).signature()))) {
            ChainFinding finding = walked(key, forged, links);
            assertThat(finding.kind()).isEqualTo(ChainFinding.Kind.DELETED);
            assertThat(finding.position()).isEqualTo(2);
            assertThat(finding.message()).contains("is not signed with the test key");
        }
    }

    /** Retention removes only what is older than its cut: a newer record missing below the cut was deleted. */
    @Test
    void aRecordNewerThanTheCutIsDeletedEvenBelowItsPosition() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ChainFinding finding = walked(key, cut(key, 4, T.plusSeconds(3)), withRecordsTwoAndThreeMissing());
        assertThat(finding.kind()).isEqualTo(ChainFinding.Kind.DELETED);
        assertThat(finding.position()).isEqualTo(3);
        assertThat(finding.message()).contains("removed only records older than " + T.plusSeconds(3));
    }

    @Test
    void theEncodingIsStable() {
        // a change of this value breaks every chain already stored: never change the encoding, add a version
        byte[] recordHash = ChainHashes.recordHash(record(1, "{}"));
        assertThat(ChainHashes.hex(recordHash))
                .isEqualTo("162d4dc15928d97d670086ed496d7d9e65cc0f7cbcf6d94f5c3a1d9c17f036aa");
        assertThat(ChainHashes.hex(ChainHashes.chainHashV1(ChainHashes.GENESIS, recordHash)))
                .isEqualTo("6850723fa85d34140f7565aa39fdb304df77f729dcdfc364477980f077681f0d");
        assertThat(ChainHashes.hex(chain(1).get(0).chainHash()))
                .isEqualTo("d92e8dd1d3a77fa20683f3b36f692e2c178f6112bf619ebff99434561f6579c1");
        assertThat(ChainHashes.recordHash(record(1, "{}"))).isNotEqualTo(ChainHashes.recordHash(record(1, "{ }")));
    }

    /**
     * Someone with the database deletes record 4, newer than the cut, and makes its chain row say it was older (or
     * another type): the row's time and type are in its chain hash, so the chain breaks there.
     */
    @Test
    void aChainRowRelabelledSoThatRetentionWouldHavePrunedItBreaksTheChain() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Retention.Cut cut = cut(key, 5, T.plusMillis(3500));
        List<ChainLink> older = chain(5);
        older.set(3, deleted(older.get(3), older.get(3).payloadType(), T.plusSeconds(1)));
        assertThat(walked(key, cut, older)).extracting(ChainFinding::kind, ChainFinding::position)
                .containsExactly(ChainFinding.Kind.INSERTED, 4L);

        List<ChainLink> retyped = chain(5);
        retyped.set(3, deleted(retyped.get(3), "io.fluxbase.mcp.kernel.data.RecordsDeletedEvent",
                retyped.get(3).time()));
        assertThat(walked(key, cut, retyped)).extracting(ChainFinding::kind, ChainFinding::position)
                .containsExactly(ChainFinding.Kind.INSERTED, 4L);
    }

    /** The link with its record gone from the log, its chain row saying {@code payloadType} and {@code time}. */
    static ChainLink deleted(ChainLink link, String payloadType, Instant time) {
        return new ChainLink(link.position(), link.globalIndex(), link.eventIdentifier(), payloadType, time,
                link.recordHash(), link.previousHash(), link.chainHash(), null);
    }

    /** A chain of an earlier version (version-1 links) still verifies; once version 2 begins, it never goes back. */
    @Test
    void versionOneLinksVerifyOnlyBeforeTheFirstOfVersionTwo() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        List<ChainLink> links = new ArrayList<>();
        byte[] previous = ChainHashes.GENESIS;
        for (ChainLink link : chain(6)) {
            boolean old = link.position() <= 3 || link.position() == 5;
            byte[] chainHash = old ? ChainHashes.chainHashV1(previous, link.recordHash())
                    : ChainHashes.chainHash(previous, link);
            links.add(new ChainLink(link.position(), link.globalIndex(), link.eventIdentifier(), link.payloadType(),
                    link.time(), link.recordHash(), previous, chainHash, link.record()));
            previous = chainHash;
        }
        assertThat(walked(key, Retention.Cut.NONE, links.subList(0, 4))).isNull();
        assertThat(walked(key, Retention.Cut.NONE, links)).extracting(ChainFinding::kind, ChainFinding::position)
                .containsExactly(ChainFinding.Kind.INSERTED, 5L);
    }

    @Test
    void anIntactChainWithASignedCheckpointVerifies() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        List<ChainLink> links = chain(10);
        ChainVerifier verifier = verifier(key, List.of(signed(key, links.get(4))));
        links.forEach(verifier::accept);
        verifier.endOfChain();
        assertThat(verifier.report().ok()).isTrue();
        assertThat(verifier.report().records()).isEqualTo(10);
        assertThat(verifier.report().checkpoints()).isOne();
    }

    @Test
    void aChangedPayloadIsAltered() {
        List<ChainLink> links = chain(5);
        ChainLink third = links.get(2);
        links.set(2, new ChainLink(third.position(), third.globalIndex(), third.eventIdentifier(),
                third.payloadType(), third.time(), third.recordHash(), third.previousHash(), third.chainHash(),
                record(3, "{\"outcome\":\"DENIED\",\"n\":3}")));
        ChainVerifier verifier = new ChainVerifier(null, "none", List.of(), Retention.Cut.NONE, false,
                eventId -> OptionalLong.empty());
        links.forEach(verifier::accept);
        assertThat(verifier.finding()).extracting(ChainFinding::kind, ChainFinding::position)
                .containsExactly(ChainFinding.Kind.ALTERED, 3L);
    }

    @Test
    void aCheckpointOfAnotherKeyDoesNotVerify() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        List<ChainLink> links = chain(3);
        ChainVerifier verifier = verifier(key, List.of(signed(other, links.get(1))));
        links.forEach(verifier::accept);
        assertThat(verifier.finding().kind()).isEqualTo(ChainFinding.Kind.CHECKPOINT);
        assertThat(verifier.finding().message()).contains("does not verify with the test key");
    }

    @Test
    void aCheckpointPastTheEndMeansTheTailWasCutOff() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        List<ChainLink> links = chain(6);
        ChainVerifier verifier = verifier(key, List.of(signed(key, links.get(5))));
        links.subList(0, 4).forEach(verifier::accept);
        verifier.endOfChain();
        assertThat(verifier.finding().kind()).isEqualTo(ChainFinding.Kind.DELETED);
        assertThat(verifier.finding().message()).contains("the chain ends at position 4");
    }
}
