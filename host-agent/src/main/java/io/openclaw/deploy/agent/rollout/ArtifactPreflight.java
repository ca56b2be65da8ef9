package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.flags.FlagDefaults;
import io.openclaw.deploy.agent.release.ReleaseInstaller;
import io.openclaw.deploy.agent.release.ReleaseManifest;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the uploaded artifact's manifest before a deployment is accepted, so that an artifact that cannot be installed
 * (unsafe zip, invalid or unknown key in {@code openclaw.yaml}, a bad default flag in {@code flags.yaml}, a version
 * installed from another artifact) or a request
 * for loops the release does not have is refused at once with a problem naming it, instead of a 202 and a deployment
 * that fails later (issue 12).
 */
final class ArtifactPreflight {
    /** No artifact check (tests of the request's own fields). */
    static final ArtifactPreflight NONE = new ArtifactPreflight(null, null);

    private final Function<String, Path> artifactFile;
    private final Path releasesDir;

    /**
     * @param artifactFile the stored zip of an uploaded artifact, by digest
     * @param releasesDir  where releases are installed
     */
    ArtifactPreflight(Function<String, Path> artifactFile, Path releasesDir) {
        this.artifactFile = artifactFile;
        this.releasesDir = releasesDir;
    }

    /** @throws OperationException invalid-manifest, unsafe-artifact (422) or validation (400, 409) naming the fault */
    void check(String sha, DeployRequest request) {
        if (artifactFile == null) {
            return;
        }
        ReleaseManifest manifest;
        try {
            manifest = ReleaseInstaller.preflight(artifactFile.apply(sha), sha, releasesDir, request.version());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read artifact " + sha, e);
        }
        checkDefaultFlags(artifactFile.apply(sha));
        for (String loop : request.loops()) {
            if (manifest.loop(loop).isEmpty()) {
                throw new OperationException(ProblemTypes.VALIDATION, 400, "loops: release " + manifest.version()
                        + " has no loop '" + loop + "' (it has " + manifest.loopNames() + ")");
            }
        }
    }

    /** The release's {@code flags.yaml}, if any, parsed and validated as installing the release would. */
    private static void checkDefaultFlags(Path zip) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            ZipEntry entry = file.getEntry(FlagDefaults.RELEASE_FILE);
            if (entry == null || entry.isDirectory()) {
                return;
            }
            try (InputStream in = file.getInputStream(entry)) {
                FlagDefaults.ofReleaseFile(in);
            }
        } catch (IOException e) {
            throw new OperationException(ProblemTypes.INVALID_MANIFEST, 422,
                    "cannot read " + FlagDefaults.RELEASE_FILE + ": " + e.getMessage());
        }
    }
}
