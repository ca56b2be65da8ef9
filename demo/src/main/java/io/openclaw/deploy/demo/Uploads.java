package io.openclaw.deploy.demo;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.ArtifactDigest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Puts a release zip on the demo's agent. */
final class Uploads {
    private Uploads() {}

    /** Uploads {@code zip} unless the agent has it already; returns its SHA-256. */
    static String upload(AgentClient client, Path zip) throws IOException {
        String sha = ArtifactDigest.sha256(zip);
        if (!client.hasArtifact(sha)) {
            try (InputStream in = Files.newInputStream(zip)) {
                client.uploadArtifact(sha, Files.size(zip), in);
            }
        }
        return sha;
    }
}
