package io.openclaw.deploy.agent.release;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A release unpacked under {@code releases/<version>}: its validated manifest (carrying {@code version}, which may
 * differ from the one written in the zip when the deployment overrode it) and the artifact it came from.
 */
public record InstalledRelease(String version, Path dir, ReleaseManifest manifest, String artifactSha, Instant installedAt) {}
