package io.openclaw.deploy.agent.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {
    @TempDir
    Path dir;

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    static void assertProblem(ThrowingCallable call, String type, int status) {
        assertThatThrownBy(call).isInstanceOfSatisfying(OperationException.class, e -> {
            assertThat(e.problemType()).isEqualTo(type);
            assertThat(e.httpStatus()).isEqualTo(status);
        });
    }

    List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void storesAVerifiedArtifactUnderItsDigest() throws Exception {
        ArtifactStore store = new ArtifactStore(dir, 1 << 20);
        byte[] content = bytes(200_000, 1);
        String sha = sha(content);
        assertThat(store.contains(sha)).isFalse();
        try (ArtifactUpload upload = store.begin(sha, content.length)) {
            upload.write(ByteBuffer.wrap(content, 0, 100_000));
            upload.write(ByteBuffer.wrap(content, 100_000, 100_000));
            upload.commit();
        }
        assertThat(store.contains(sha)).isTrue();
        assertThat(store.contains(sha.toUpperCase())).isTrue();
        assertThat(Files.readAllBytes(store.path(sha))).isEqualTo(content);
        assertThat(files()).containsExactly(sha + ".zip");
    }

    @Test
    void digestMismatchStoresNothing() throws Exception {
        ArtifactStore store = new ArtifactStore(dir, 1 << 20);
        byte[] content = bytes(1000, 2);
        String wrong = sha(bytes(1000, 3));
        assertProblem(() -> store.store(wrong, new ByteArrayInputStream(content)), ProblemTypes.DIGEST_MISMATCH, 422);
        assertThat(store.contains(wrong)).isFalse();
        assertThat(files()).isEmpty();
    }

    @Test
    void tooLargeIsRefusedUpFrontOrWhileReceiving() throws Exception {
        ArtifactStore store = new ArtifactStore(dir, 1000);
        byte[] content = bytes(1500, 4);
        String sha = sha(content);
        assertProblem(() -> store.begin(sha, 1001), ProblemTypes.PAYLOAD_TOO_LARGE, 413);
        assertThat(files()).isEmpty();

        ArtifactUpload upload = store.begin(sha, -1);
        upload.write(ByteBuffer.wrap(content, 0, 1000));
        assertThat(files()).hasSize(1);
        assertProblem(() -> upload.write(ByteBuffer.wrap(content, 1000, 1)), ProblemTypes.PAYLOAD_TOO_LARGE, 413);
        assertThat(files()).isEmpty();
        assertThatThrownBy(upload::commit).isInstanceOf(IllegalStateException.class);
        upload.close();
        assertThat(store.contains(sha)).isFalse();
    }

    @Test
    void lengthMustMatchTheAnnouncedOne() throws Exception {
        ArtifactStore store = new ArtifactStore(dir, 1 << 20);
        byte[] content = bytes(100, 5);
        String sha = sha(content);
        ArtifactUpload shortUpload = store.begin(sha, 200);
        shortUpload.write(ByteBuffer.wrap(content));
        assertProblem(shortUpload::commit, ProblemTypes.VALIDATION, 400);
        ArtifactUpload longUpload = store.begin(sha, 50);
        assertProblem(() -> longUpload.write(ByteBuffer.wrap(content)), ProblemTypes.VALIDATION, 400);
        assertThat(files()).isEmpty();
    }

    @Test
    void closingWithoutCommitDiscards() throws Exception {
        ArtifactStore store = new ArtifactStore(dir, 1 << 20);
        byte[] content = bytes(100, 6);
        try (ArtifactUpload upload = store.begin(sha(content), content.length)) {
            upload.write(ByteBuffer.wrap(content));
        }
        assertThat(files()).isEmpty();
    }

    @Test
    void malformedDigestsAndMissingArtifacts() throws Exception {
        ArtifactStore store = new ArtifactStore(dir, 1 << 20);
        for (String bad : new String[] {"abc", "../../etc/passwd", "g".repeat(64), "a".repeat(65), ""}) {
            assertProblem(() -> store.begin(bad, 10), ProblemTypes.VALIDATION, 400);
            assertProblem(() -> store.contains(bad), ProblemTypes.VALIDATION, 400);
        }
        assertProblem(() -> store.path("a".repeat(64)), ProblemTypes.ARTIFACT_NOT_FOUND, 404);
        assertThat(files()).isEmpty();
    }

    @Test
    void uploadingAgainIsHarmless() throws Exception {
        ArtifactStore store = new ArtifactStore(dir, 1 << 20);
        byte[] content = bytes(5000, 7);
        String sha = sha(content);
        store.store(sha, new ByteArrayInputStream(content));
        Path stored = store.store(sha, new ByteArrayInputStream(content));
        assertThat(Files.readAllBytes(stored)).isEqualTo(content);
        assertThat(files()).containsExactly(sha + ".zip");
    }

    @Test
    void concurrentUploadsOfTheSameArtifactDoNotCorruptIt() throws Exception {
        ArtifactStore store = new ArtifactStore(dir, 1 << 22);
        byte[] content = bytes(2 << 20, 8);
        String sha = sha(content);
        int uploaders = 6;
        CountDownLatch allStarted = new CountDownLatch(uploaders);
        ExecutorService pool = Executors.newFixedThreadPool(uploaders);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < uploaders; i++) {
                results.add(pool.submit(() -> {
                    try (ArtifactUpload upload = store.begin(sha, content.length)) {
                        allStarted.countDown();
                        allStarted.await();
                        for (int off = 0; off < content.length; off += 65536) {
                            upload.write(ByteBuffer.wrap(content, off, Math.min(65536, content.length - off)));
                        }
                        upload.commit();
                    }
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.readAllBytes(store.path(sha))).isEqualTo(content);
        assertThat(files()).containsExactly(sha + ".zip");
    }

    @Test
    void incompleteUploadsOfAnEarlierRunAreRemoved() throws Exception {
        Files.writeString(dir.resolve(".upload-abc-1.part"), "half");
        Files.writeString(dir.resolve("keep.txt"), "x");
        new ArtifactStore(dir, 10);
        assertThat(files()).containsExactly("keep.txt");
    }
}
