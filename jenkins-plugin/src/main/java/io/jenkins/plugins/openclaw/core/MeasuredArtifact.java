package io.jenkins.plugins.openclaw.core;

import io.openclaw.deploy.protocol.ArtifactDigest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

/**
 * SHA-256 and size of an artifact, computed by streaming it once (the artifact can be large; it is never held in
 * memory). Serializable because it is computed on the build node and returned to the controller. The digest itself is
 * the protocol's, so the plugin and the agent can never disagree on its form.
 */
public record MeasuredArtifact(String sha256, long size) implements Serializable {
    private static final long serialVersionUID = 1L;

    public static MeasuredArtifact of(InputStream in) throws IOException {
        CountingStream counting = new CountingStream(in);
        String sha256 = ArtifactDigest.sha256(counting);
        return new MeasuredArtifact(sha256, counting.count);
    }

    private static final class CountingStream extends FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
