package io.openclaw.deploy.agent.service.systemd;

import io.openclaw.deploy.agent.service.ServiceCommandException;
import io.openclaw.deploy.agent.service.ServiceCommandException.Kind;
import io.openclaw.deploy.agent.service.ServiceDefinition;
import io.openclaw.deploy.agent.service.ServiceManager;
import io.openclaw.deploy.agent.service.ServicePassword;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** {@link ServiceManager} for Linux: a unit file in {@code /etc/systemd/system} driven through {@code systemctl}. */
public final class SystemdServiceManager implements ServiceManager {
    public static final Path SYSTEM_UNITS = Path.of("/etc/systemd/system");

    private final Path unitDirectory;

    public SystemdServiceManager(Path unitDirectory) {
        this.unitDirectory = unitDirectory;
    }

    @Override
    public List<String> install(ServiceDefinition definition, Optional<ServicePassword> password)
            throws ServiceCommandException {
        if (password.isPresent()) {
            throw new ServiceCommandException(Kind.FAILED,
                    "systemd runs the unit as User= and takes no password; install without one");
        }
        SystemdUnit unit = new SystemdUnit(definition);
        Path file = unitDirectory.resolve(unit.fileName());
        if (Files.exists(file)) {
            throw new ServiceCommandException(Kind.ALREADY_INSTALLED, "the unit " + file + " already exists");
        }
        requireWritable();
        try {
            Files.writeString(file, unit.text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ServiceCommandException(Kind.FAILED, "cannot write " + file + ": " + e.getMessage(), e);
        }
        systemctl("daemon-reload");
        systemctl("enable", unit.fileName());
        return List.of();
    }

    /** Rewrites the unit for the new command line, keeping its {@code User=}, and reloads systemd. */
    @Override
    public List<String> reconfigure(ServiceDefinition definition) throws ServiceCommandException {
        Path file = unitFile(definition.name());
        requireWritable();
        try {
            Optional<String> user = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("User=")).map(line -> line.substring("User=".length()).strip())
                    .findFirst();
            ServiceDefinition kept = new ServiceDefinition(definition.name(), definition.displayName(),
                    definition.description(), definition.invocation(), user, definition.restartDelays(),
                    definition.failureReset(), definition.stopTimeout());
            Files.writeString(file, new SystemdUnit(kept).text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ServiceCommandException(Kind.FAILED, "cannot rewrite " + file + ": " + e.getMessage(), e);
        }
        systemctl("daemon-reload");
        return List.of("rewrote " + file + "; the new command line is used from the next start");
    }

    @Override
    public void uninstall(String name) throws ServiceCommandException {
        Path file = unitFile(name);
        requireWritable();
        systemctl("disable", name + ".service");
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new ServiceCommandException(Kind.FAILED, "cannot delete " + file + ": " + e.getMessage(), e);
        }
        systemctl("daemon-reload");
    }

    @Override
    public void start(String name) throws ServiceCommandException {
        unitFile(name);
        systemctl("start", name + ".service");
    }

    @Override
    public void stop(String name, Duration timeout) throws ServiceCommandException {
        unitFile(name);
        systemctl("stop", name + ".service");
    }

    @Override
    public String status(String name) throws ServiceCommandException {
        unitFile(name);
        Result result = run(List.of("systemctl", "is-active", name + ".service"));
        return result.output().strip();
    }

    private Path unitFile(String name) throws ServiceCommandException {
        Path file = unitDirectory.resolve(name + ".service");
        if (!Files.exists(file)) {
            throw new ServiceCommandException(Kind.NOT_INSTALLED, "no unit " + file);
        }
        return file;
    }

    private void requireWritable() throws ServiceCommandException {
        if (!Files.isWritable(unitDirectory)) {
            throw new ServiceCommandException(Kind.NOT_ELEVATED, "cannot write to " + unitDirectory + " (not root?)");
        }
    }

    private void systemctl(String... args) throws ServiceCommandException {
        List<String> command = new ArrayList<>(List.of("systemctl"));
        command.addAll(List.of(args));
        Result result = run(command);
        if (result.exitCode() != 0) {
            Kind kind = result.output().contains("Access denied") || result.output().contains("authentication")
                    ? Kind.NOT_ELEVATED : Kind.FAILED;
            throw new ServiceCommandException(kind, String.join(" ", command) + " failed (exit " + result.exitCode()
                    + "): " + result.output().strip());
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command) throws ServiceCommandException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new ServiceCommandException(Kind.TIMEOUT, String.join(" ", command) + " did not finish in 2 minutes");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new ServiceCommandException(Kind.FAILED, "cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceCommandException(Kind.FAILED, "interrupted while running " + command.get(0), e);
        }
    }
}
