package io.openclaw.deploy.agent.runtime;

import io.openclaw.deploy.agent.disk.ReadOnlyMode;
import io.openclaw.deploy.agent.release.ArtifactUpload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/** An upload whose failure for want of space puts the agent in read-only mode, like any other write. */
final class WatchedUpload implements ArtifactUpload {
    private final ArtifactUpload upload;
    private final ReadOnlyMode readOnly;

    WatchedUpload(ArtifactUpload upload, ReadOnlyMode readOnly) {
        this.upload = upload;
        this.readOnly = readOnly;
    }

    @Override
    public void write(ByteBuffer chunk) throws IOException {
        try {
            upload.write(chunk);
        } catch (IOException e) {
            throw readOnly.failed("store the artifact", new UncheckedIOException(e));
        } catch (RuntimeException e) {
            throw readOnly.failed("store the artifact", e);
        }
    }

    @Override
    public void commit() throws IOException {
        try {
            upload.commit();
        } catch (IOException e) {
            throw readOnly.failed("store the artifact", new UncheckedIOException(e));
        } catch (RuntimeException e) {
            throw readOnly.failed("store the artifact", e);
        }
    }

    @Override
    public void close() {
        upload.close();
    }
}
