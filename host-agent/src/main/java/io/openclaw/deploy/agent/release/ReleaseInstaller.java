package io.openclaw.deploy.agent.release;

import java.io.IOException;
import java.nio.file.Path;

/** TEMPORARY stand-in until the release branch is merged. */
public final class ReleaseInstaller {
    public static InstalledRelease install(Path artifactZip, String artifactSha, Path releasesDir, String versionOverride)
            throws IOException {
        throw new UnsupportedOperationException();
    }
}
