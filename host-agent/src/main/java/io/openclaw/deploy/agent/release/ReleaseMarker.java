package io.openclaw.deploy.agent.release;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.openclaw.deploy.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code .openclaw-release.json} in a release directory: which version it is, which artifact it came from, when it
 * was installed. Written last, inside the staging directory, so a directory with a marker is complete.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ReleaseMarker(String version, String artifactSha, Instant installedAt) {
    static final String FILE_NAME = ".openclaw-release.json";

    void writeTo(Path releaseDir) throws IOException {
        Files.write(releaseDir.resolve(FILE_NAME), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }

    /** The marker of {@code releaseDir}, or empty when there is none or it cannot be read. */
    static Optional<ReleaseMarker> readFrom(Path releaseDir) {
        Path file = releaseDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            ReleaseMarker m = Json.mapper().readValue(file.toFile(), ReleaseMarker.class);
            if (m.version() == null || m.artifactSha() == null || m.installedAt() == null) {
                return Optional.empty();
            }
            return Optional.of(m);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
