package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.release.InstalledRelease;
import io.openclaw.deploy.agent.release.ReleaseStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

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

    List<String> versions() {
        try {
            return releases.list().stream().map(InstalledRelease::version).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list releases", e);
        }
    }
}
