package io.jenkins.plugins.openclaw;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.openclaw.core.ArchivedArtifactPaths;
import java.io.IOException;
import java.io.InputStream;
import jenkins.util.VirtualFile;

/**
 * An artifact the build archived ({@code archiveArtifacts}), read on the controller through the build's artifact
 * manager. This is what lets {@code openclawDeploy} run outside {@code node}: nothing of the workspace is needed, so
 * no executor is held while the deployment runs. Works with any artifact manager (local disk or cloud storage),
 * because it only uses the {@link VirtualFile} API.
 */
final class ArchivedArtifact {
    private final VirtualFile file;
    private final String path;

    private ArchivedArtifact(VirtualFile file, String path) {
        this.file = file;
        this.path = path;
    }

    /** @throws AbortException when the path is not a plain relative path or no such file was archived */
    static ArchivedArtifact find(Run<?, ?> run, String artifact) throws IOException {
        String path;
        try {
            path = ArchivedArtifactPaths.check(artifact);
        } catch (IllegalArgumentException e) {
            throw new AbortException("openclawDeploy: " + e.getMessage());
        }
        VirtualFile file = run.getArtifactManager().root().child(path);
        if (!file.isFile()) {
            // Not the file's location: the controller's paths have no place in a build log.
            throw new AbortException(Messages.OpenClawDeployStep_NotArchived(path, run.getFullDisplayName()));
        }
        return new ArchivedArtifact(file, path);
    }

    InputStream open() throws IOException {
        return file.open();
    }

    String path() {
        return path;
    }
}
