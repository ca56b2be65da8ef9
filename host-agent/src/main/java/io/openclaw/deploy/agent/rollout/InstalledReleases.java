package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.release.InstalledRelease;
import io.openclaw.deploy.agent.release.ReleaseStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** The releases unpacked on this agent, read for a rollback or a restore; a store that cannot be read is a bug. */
final class InstalledReleases {
    private final ReleaseStore releases;

    InstalledReleases(ReleaseStore releases) {
        this.releases = releases;
    }

    Optional<InstalledRelease> find(String version) {
        try {
            return releases.load(version);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read release " + version, e);
        }
    }

    /** Deletes the artifact of a deployment that did not succeed unless a kept release came from it; never fails. */
    void dropFailedArtifact(String sha256) {
        try {
            releases.dropFailedArtifact(sha256);
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(InstalledReleases.class)
                    .warn("Cannot remove the artifact {} of a failed deployment: {}", sha256, e.toString());
        }
    }

    List<String> versions() {
        try {
            return releases.list().stream().map(InstalledRelease::version).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list releases", e);
        }
    }
}
