package io.openclaw.deploy.agent.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's durable memory under {@code state/}: the fleet (what serves, which processes are ours) and every
 * deployment with its events. Written so that a kill at any instant leaves a readable journal: whole files are
 * replaced atomically, event logs are appended line by line and a torn last line is ignored on reading.
 */
public final class Journal {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final int KEEP_DEPLOYMENTS = 200;

    private final Path fleetFile;
    private final Path deploymentsDir;
    private final Path launchesDir;
    private final ObjectMapper mapper = Json.mapper();

    public Journal(Path stateDir) {
        this.fleetFile = stateDir.resolve("fleet.json");
        this.deploymentsDir = stateDir.resolve("deployments");
        this.launchesDir = stateDir.resolve("launches");
    }

    /**
     * Notes a process the moment it was launched, before the fleet record has it (a write of that record may wait its
     * turn). Not forced to disk: it is for a kill of the agent, and after a crash of the machine no process is left
     * to find. Removed with {@link #clearLaunch} once the fleet record has the instance.
     */
    public void saveLaunch(InstanceRecord launched) throws IOException {
        Files.createDirectories(launchesDir);
        Files.write(launchesDir.resolve(launched.id() + ".json"), mapper.writeValueAsBytes(launched));
    }

    public void clearLaunch(String instanceId) throws IOException {
        Files.deleteIfExists(launchesDir.resolve(instanceId + ".json"));
    }

    /** Every noted launch; a torn note (the agent killed while writing it) is skipped. */
    public List<InstanceRecord> loadLaunches() throws IOException {
        return readEach(launchesDir, InstanceRecord.class, "launch note");
    }

    public void clearLaunches() throws IOException {
        if (!Files.isDirectory(launchesDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(launchesDir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    public FleetRecord loadFleet() throws IOException {
        if (!Files.exists(fleetFile)) {
            return FleetRecord.empty();
        }
        return mapper.readValue(fleetFile.toFile(), FleetRecord.class);
    }

    public void saveFleet(FleetRecord fleet) {
        write(fleetFile, fleet);
    }

    public void saveDeployment(DeploymentRecord record) {
        write(deploymentsDir.resolve(record.view().id() + ".json"), record);
    }

    /** One deployment's record; empty when there is none or it cannot be read. */
    public Optional<DeploymentRecord> loadDeployment(String id) {
        Path file = deploymentsDir.resolve(id + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(file.toFile(), DeploymentRecord.class));
        } catch (IOException e) {
            LOG.warn("Cannot read deployment record {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Oldest first. */
    public List<DeploymentRecord> loadDeployments() throws IOException {
        List<DeploymentRecord> records = new ArrayList<>(readEach(deploymentsDir, DeploymentRecord.class,
                "deployment record"));
        records.sort(Comparator.comparing(r -> r.view().createdAt()));
        return records;
    }

    /** Appends one event and forces it to disk, so that a resumed event stream never misses a step. */
    public void appendEvent(DeploymentEvent event) {
        Path file = eventsFile(event.deploymentId());
        try {
            Files.createDirectories(deploymentsDir);
            byte[] line = (mapper.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot journal event of " + event.deploymentId(), e);
        }
    }

    public List<DeploymentEvent> loadEvents(String deploymentId) throws IOException {
        Path file = eventsFile(deploymentId);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<DeploymentEvent> events = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(mapper.readValue(line, DeploymentEvent.class));
                } catch (IOException e) {
                    // Only the last line can be torn (the agent died while appending it); what precedes it is whole.
                    LOG.warn("Ignoring a torn event line of {}", deploymentId);
                }
            }
        }
        return events;
    }

    /** Deletes the records of the oldest deployments beyond what is kept; never the listed ones. */
    public void prune(List<DeploymentRecord> oldestFirst) {
        int excess = oldestFirst.size() - KEEP_DEPLOYMENTS;
        for (int i = 0; i < excess; i++) {
            String id = oldestFirst.get(i).view().id();
            try {
                Files.deleteIfExists(deploymentsDir.resolve(id + ".json"));
                Files.deleteIfExists(eventsFile(id));
            } catch (IOException e) {
                LOG.warn("Cannot prune deployment {}: {}", id, e.getMessage());
            }
        }
    }

    private Path eventsFile(String deploymentId) {
        return deploymentsDir.resolve(deploymentId + ".events.ndjson");
    }

    /** Every {@code *.json} file of {@code dir} as a {@code type}; an unreadable one is skipped with a warning. */
    private <T> List<T> readEach(Path dir, Class<T> type, String what) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<T> values = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    values.add(mapper.readValue(file.toFile(), type));
                } catch (IOException e) {
                    LOG.warn("Ignoring unreadable {} {}: {}", what, file, e.getMessage());
                }
            }
        }
        return values;
    }

    private void write(Path file, Object value) {
        try {
            AtomicFiles.write(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write journal file " + file, e);
        }
    }
}
