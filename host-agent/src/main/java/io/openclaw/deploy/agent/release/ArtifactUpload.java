package io.openclaw.deploy.agent.release;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An artifact being received. Bytes go to a temporary file while their SHA-256 is computed; only {@link #commit()}
 * makes the artifact visible, and only if the digest matches. Not thread-safe: one writer.
 */
public interface ArtifactUpload extends AutoCloseable {
    /**
     * Appends a chunk.
     *
     * @throws io.openclaw.deploy.agent.OperationException {@code payload-too-large} once the configured limit is passed
     */
    void write(ByteBuffer chunk) throws IOException;

    /**
     * Verifies the digest and moves the file into the store atomically.
     *
     * @throws io.openclaw.deploy.agent.OperationException {@code digest-mismatch} (nothing is stored)
     */
    void commit() throws IOException;

    /** Discards what was received; safe to call after {@link #commit()} (then it does nothing). */
    @Override
    void close();
}
