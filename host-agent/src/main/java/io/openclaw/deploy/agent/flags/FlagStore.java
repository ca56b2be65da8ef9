package io.openclaw.deploy.agent.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openclaw.deploy.agent.DiskFullException;
import io.openclaw.deploy.agent.journal.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Flags on disk: one file per flag ({@code <home>/flags/<name>.json}) holding every revision of it, replaced
 * atomically on each change, so a crash leaves the previous history or the new one. Not thread-safe: its owner
 * serialises changes.
 */
final class FlagStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Map<String, List<FlagRevision>> histories = new TreeMap<>();

    FlagStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                histories.put(name, read(file));
            }
        }
    }

    private static List<FlagRevision> read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        List<FlagRevision> revisions = new ArrayList<>();
        for (JsonNode n : root.get("revisions")) {
            revisions.add(FlagJson.readRevision(n));
        }
        return revisions;
    }

    Map<String, List<FlagRevision>> histories() {
        return histories;
    }

    List<FlagRevision> history(String name) {
        return histories.getOrDefault(name, List.of());
    }

    /** Writes the flag's history with the new revision; memory changes only once the file is safely replaced. */
    FlagRevision append(String name, FlagRevision revision) {
        List<FlagRevision> next = new ArrayList<>(history(name));
        next.add(revision);
        ObjectNode root = JSON.createObjectNode();
        root.put("name", name);
        var array = root.putArray("revisions");
        next.forEach(r -> array.add(FlagJson.revision(r)));
        try {
            AtomicFiles.write(dir.resolve(name + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            if (DiskFullException.isDiskFull(e)) {
                throw DiskFullException.refusing("write flag " + name, e);
            }
            throw new UncheckedIOException("cannot write flag " + name, e);
        }
        histories.put(name, List.copyOf(next));
        return revision;
    }
}
