package io.openclaw.deploy.agent.release;

import java.nio.file.Path;
import java.time.Instant;

/** TEMPORARY stand-in until the release branch is merged. */
public record InstalledRelease(String version, Path dir, ReleaseManifest manifest, String artifactSha, Instant installedAt) {}
