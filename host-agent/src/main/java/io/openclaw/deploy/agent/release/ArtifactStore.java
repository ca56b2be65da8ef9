package io.openclaw.deploy.agent.release;

import java.nio.file.Path;

/** TEMPORARY stand-in until the release branch is merged. */
public final class ArtifactStore {
    public ArtifactStore(Path dir, long maxBytes) {}

    public boolean contains(String sha) {
        throw new UnsupportedOperationException();
    }

    public Path path(String sha) {
        throw new UnsupportedOperationException();
    }

    public ArtifactUpload begin(String sha, long declaredLength) {
        throw new UnsupportedOperationException();
    }
}
