package io.openclaw.deploy.agent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The class-data archive the POSIX launcher gives a client command (docs/cli.md, "Start-up time"). A JVM that cannot
 * map it, because another Java made it (Java was upgraded in place) or it is damaged, runs without it, silently and
 * about 0.1 s slower, and the launcher, seeing the file, would never make a new one. So the command removes an archive
 * its JVM did not map, and the next call makes one for this Java. The launcher names the archive in
 * {@value #PROPERTY} unless the user's own options choose the sharing.
 */
final class ClientArchive {
    static final String PROPERTY = "openclaw.cli.archive";

    private ClientArchive() {}

    static void dropIfUnmapped() {
        String archive = System.getProperty(PROPERTY);
        // "sharing" is in the VM's description while any class-data archive is mapped; the launcher's replaces the
        // JDK's default one, so without it nothing is.
        if (archive == null || archive.isBlank() || System.getProperty("java.vm.info", "").contains("sharing")) {
            return;
        }
        try {
            Files.deleteIfExists(Path.of(archive));
        } catch (IOException | RuntimeException e) {
            // not ours to remove after all (or gone): the next call runs without it, as this one did
        }
    }
}
