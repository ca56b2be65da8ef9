package io.openclaw.deploy.agent.supervisor.windows;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A process that does nothing until it is killed or its standard input closes: a real process for the tests on every
 * OS, where {@code sleep} exists only on POSIX.
 */
final class IdleProcess {
    private IdleProcess() {}

    public static void main(String[] args) throws IOException {
        while (System.in.read() != -1) {
            // waits; the test kills it, or its parent's end of the pipe closes
        }
    }

    /** Starts a JVM running {@link #main} from the test classes. */
    static Process start() throws Exception {
        Path classes = Path.of(IdleProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classes.toString(), IdleProcess.class.getName())
                .start();
    }
}
