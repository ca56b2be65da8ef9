package io.jenkins.plugins.openclaw;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.openclaw.core.MeasuredArtifact;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import jenkins.MasterToSlaveFileCallable;

/** Computes the artifact's SHA-256 on the node that holds the workspace, so the bytes cross the network only once. */
final class Sha256Callable extends MasterToSlaveFileCallable<MeasuredArtifact> {
    private static final long serialVersionUID = 1L;

    @Override
    public MeasuredArtifact invoke(File file, VirtualChannel channel) throws IOException {
        try (InputStream in = Files.newInputStream(file.toPath())) {
            return MeasuredArtifact.of(in);
        }
    }
}
