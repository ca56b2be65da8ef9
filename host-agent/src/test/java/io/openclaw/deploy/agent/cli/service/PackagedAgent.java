package io.openclaw.deploy.agent.cli.service;

import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.service.AgentJvmOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged agent jar run as its own process, its output collected line by line. */
final class PackagedAgent implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("openclaw-agent ready: .* api=(\\S+) fingerprint=(\\S+) pid=(\\d+)");

    final Process process;
    private final Path log;

    private PackagedAgent(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Output goes to a file (never a pipe), as under a service manager; {@code log} is that file. The JVM options are a
     * service definition's ({@link AgentJvmOptions#SERVER}).
     */
    static PackagedAgent start(Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(AgentJvmOptions.SERVER);
        command.addAll(List.of("-jar", System.getProperty("openclaw.agentJar")));
        command.addAll(List.of(args));
        return new PackagedAgent(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start(), log);
    }

    record Ready(URI api, String fingerprint, long pid) {}

    Ready awaitReady() {
        await().atMost(Duration.ofSeconds(90)).until(() -> readyLine() != null || !process.isAlive());
        Matcher m = readyLine();
        if (m == null) {
            throw new AssertionError("agent exited before it was ready:\n" + transcript());
        }
        return new Ready(URI.create(m.group(1)), m.group(2), Long.parseLong(m.group(3)));
    }

    private Matcher readyLine() {
        for (String line : transcript().split("\n")) {
            Matcher m = READY.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        return null;
    }

    String transcript() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
