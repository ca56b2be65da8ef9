package io.jenkins.plugins.openclaw.core;

import java.io.IOException;
import java.io.InputStream;

/** Puts an artifact on the agent unless the agent already holds one with the same digest. */
public final class ArtifactUploader {
    /** Opens the artifact's bytes; called only when an upload is needed. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException, InterruptedException;
    }

    private ArtifactUploader() {}

    /** @return true if the bytes were sent, false if the agent already had them */
    public static boolean ensureUploaded(DeploymentApi api, ArtifactDigest digest, Source source)
            throws IOException, InterruptedException {
        if (api.hasArtifact(digest.sha256())) {
            return false;
        }
        try (InputStream in = source.open()) {
            api.uploadArtifact(digest.sha256(), digest.size(), in);
        }
        return true;
    }
}
