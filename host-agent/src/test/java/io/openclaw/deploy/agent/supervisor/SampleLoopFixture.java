package io.openclaw.deploy.agent.supervisor;

import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.release.HealthCheck;
import io.openclaw.deploy.agent.release.ShutdownRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds specs that run the real sample loop jar, and the supervision settings the tests use. */
final class SampleLoopFixture {
    static final String LOOP = "x";

    private SampleLoopFixture() {}

    static AgentConfig.Supervision settings() {
        return settings(Duration.ofSeconds(5));
    }

    static AgentConfig.Supervision settings(Duration stopTimeout) {
        return new AgentConfig.Supervision(
                Duration.ofSeconds(30), // start
                Duration.ofSeconds(1), // drain
                stopTimeout,
                Duration.ofMillis(200), // health interval
                Duration.ofSeconds(1), // health timeout
                2, // failure threshold
                Duration.ofMillis(100), // back-off initial
                Duration.ofSeconds(1), // back-off max
                4096, // log max bytes
                3); // log keep files
    }

    static Path sampleJar() {
        String fixtures = System.getProperty("openclaw.fixtures");
        if (fixtures == null) {
            throw new IllegalStateException("system property openclaw.fixtures is not set (run through Maven)");
        }
        return Path.of(fixtures, "sample-loop.jar");
    }

    static List<String> javaCommand(int port) {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                sampleJar().toString(),
                "--port",
                Integer.toString(port),
                "--loop",
                LOOP,
                "--version",
                "1",
                "--slot",
                "blue");
    }

    static InstanceSpec spec(int index, int port, Map<String, String> env, Path workingDir) {
        return spec(index, port, javaCommand(port), env, workingDir);
    }

    static InstanceSpec spec(int index, int port, List<String> command, Map<String, String> env, Path workingDir) {
        return spec(index, port, command, env, workingDir, ShutdownRequest.NONE);
    }

    static InstanceSpec spec(int index, int port, List<String> command, Map<String, String> env, Path workingDir,
            ShutdownRequest shutdown) {
        return new InstanceSpec(
                InstanceSpec.instanceId(LOOP, "blue", index),
                LOOP,
                "1",
                "blue",
                index,
                port,
                command,
                env,
                workingDir,
                HealthCheck.http("/health", Duration.ofSeconds(1)),
                shutdown);
    }

    /** A port from the ephemeral range that nothing listens on right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills a process and everything under it; for test clean-up only. */
    static void killTree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }
}
