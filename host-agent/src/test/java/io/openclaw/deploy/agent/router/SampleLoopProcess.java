package io.openclaw.deploy.agent.router;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The sample loop jar run as a real process on a free loopback port; closing kills it (and waits). */
final class SampleLoopProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final String loop;
    private final String version;
    private final String slot;

    private SampleLoopProcess(Process process, int port, String loop, String version, String slot) {
        this.process = process;
        this.port = port;
        this.loop = loop;
        this.version = version;
        this.slot = slot;
    }

    static SampleLoopProcess start(String loop, String version, String slot, Map<String, String> faults)
            throws IOException {
        Path jar = Path.of(System.getProperty("openclaw.fixtures"), "sample-loop.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("sample loop jar missing: " + jar);
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx64m", "-jar", jar.toString(),
                "--port", Integer.toString(port), "--loop", loop, "--version", version, "--slot", slot))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(faults);
        SampleLoopProcess started = new SampleLoopProcess(builder.start(), port, loop, version, slot);
        try {
            started.awaitHealthy();
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    private void awaitHealthy() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("sample loop exited with " + process.exitValue());
            }
            return client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
    }

    Backend backend(String instanceId, int weight) {
        return new Backend(instanceId, loop, version, slot, "127.0.0.1", port, weight);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
