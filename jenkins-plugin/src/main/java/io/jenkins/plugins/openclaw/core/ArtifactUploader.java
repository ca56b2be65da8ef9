package io.jenkins.plugins.openclaw.core;

import java.io.IOException;
import java.io.InputStream;

/** Puts an artifact on the agent unless the agent already holds one with the same digest. */
public final class ArtifactUploader {
    /** Opens the artifact's bytes; may be called more than once (each call streams the artifact from its start). */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException, InterruptedException;
    }

    /** What {@link #hashThenUpload} did: the artifact's digest and whether its bytes had to be sent. */
    public record Shipment(MeasuredArtifact digest, boolean uploaded) {}

    private ArtifactUploader() {}

    /** @return true if the bytes were sent, false if the agent already had them */
    public static boolean ensureUploaded(DeploymentApi api, MeasuredArtifact digest, Source source)
            throws IOException, InterruptedException {
        if (api.hasArtifact(digest.sha256())) {
            return false;
        }
        try (InputStream in = source.open()) {
            api.uploadArtifact(digest.sha256(), digest.size(), in);
        }
        return true;
    }

    /**
     * Hashes the artifact where it is read (one streamed pass, never held in memory), then uploads it in a second
     * streamed pass only if the agent lacks it. Should the bytes change in between, the agent refuses the upload,
     * because it keeps only bytes that match the announced digest.
     */
    public static Shipment hashThenUpload(DeploymentApi api, Source source) throws IOException, InterruptedException {
        MeasuredArtifact digest;
        try (InputStream in = source.open()) {
            digest = MeasuredArtifact.of(in);
        }
        return new Shipment(digest, ensureUploaded(api, digest, source));
    }
}
