package io.jenkins.plugins.openclaw.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.protocol.AgentClientException;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.RollbackRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class MeasuredArtifactTest {
    /** A stream of {@code size} pseudo-random bytes that is generated on the fly, never held in memory. */
    @SuppressWarnings("InputStreamSlowMultibyteRead") // byte by byte on purpose: the digest must cope with it
    private static InputStream generated(long size) {
        return new InputStream() {
            private long left = size;
            private int state = 7;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                left--;
                state = state * 1103515245 + 12345;
                return (state >>> 16) & 0xff;
            }
        };
    }

    @Test
    void hashMatchesTheJdkDigestOfTheSameBytes() throws Exception {
        byte[] bytes = "OpenClaw release 1.4.2".getBytes(StandardCharsets.UTF_8);

        MeasuredArtifact digest = MeasuredArtifact.of(new ByteArrayInputStream(bytes));

        assertThat(digest.sha256())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(digest.size()).isEqualTo(bytes.length);
    }

    @Test
    void streamsArtifactsLargerThanItsBuffer() throws IOException {
        long size = 3L * 1024 * 1024 + 17;

        MeasuredArtifact digest = MeasuredArtifact.of(generated(size));

        assertThat(digest.size()).isEqualTo(size);
        assertThat(MeasuredArtifact.of(generated(size))).isEqualTo(digest);
        assertThat(MeasuredArtifact.of(generated(size - 1)).sha256()).isNotEqualTo(digest.sha256());
    }

    /** Records what the uploader asks of the agent. */
    private static final class ArtifactStore implements DeploymentApi {
        final AtomicInteger uploads = new AtomicInteger();
        String held;
        long bytesReceived;

        @Override
        public boolean hasArtifact(String sha256) {
            return sha256.equals(held);
        }

        @Override
        public void uploadArtifact(String sha256, long size, InputStream content) throws AgentClientException {
            try {
                MeasuredArtifact received = MeasuredArtifact.of(content);
                if (!received.sha256().equals(sha256) || received.size() != size) {
                    throw new AgentClientException("digest mismatch");
                }
                bytesReceived += received.size();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            uploads.incrementAndGet();
            held = sha256;
        }

        @Override
        public AgentStatus status() {
            throw new AssertionError("not used");
        }

        @Override
        public Deployment deploy(DeployRequest request, String idempotencyKey) {
            throw new AssertionError("not used");
        }

        @Override
        public Deployment deployment(String id) {
            throw new AssertionError("not used");
        }

        @Override
        public long followEvents(String id, long afterSeq, Consumer<DeploymentEvent> sink) {
            throw new AssertionError("not used");
        }

        @Override
        public Deployment rollback(RollbackRequest request) {
            throw new AssertionError("not used");
        }

        @Override
        public Deployment control(String id, ControlAction action, String reason) {
            throw new AssertionError("not used");
        }
    }

    @Test
    void uploadsOnceThenSkipsWhatTheAgentAlreadyHolds() throws Exception {
        long size = 300_000;
        MeasuredArtifact digest = MeasuredArtifact.of(generated(size));
        ArtifactStore agent = new ArtifactStore();
        AtomicInteger opened = new AtomicInteger();

        boolean first = ArtifactUploader.ensureUploaded(agent, digest, () -> {
            opened.incrementAndGet();
            return generated(size);
        });
        boolean second = ArtifactUploader.ensureUploaded(agent, digest, () -> {
            opened.incrementAndGet();
            return generated(size);
        });

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(agent.uploads).hasValue(1);
        assertThat(agent.bytesReceived).isEqualTo(size);
        assertThat(opened).as("the artifact is not even opened when the agent has it").hasValue(1);
    }
}
