package io.openclaw.deploy.agent.release;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** TEMPORARY stand-in until the release branch is merged. */
public final class ReleaseStore {
    public ReleaseStore(java.nio.file.Path releasesDir) {}

    public List<InstalledRelease> list() {
        throw new UnsupportedOperationException();
    }

    public Optional<InstalledRelease> load(String version) {
        throw new UnsupportedOperationException();
    }

    public void prune(int keep, Set<String> protectedVersions) {
        throw new UnsupportedOperationException();
    }
}
