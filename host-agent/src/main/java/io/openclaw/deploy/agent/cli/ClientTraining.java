package io.openclaw.deploy.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.Json;
import io.openclaw.deploy.protocol.VerificationItem;
import io.openclaw.deploy.protocol.VerificationReport;
import io.openclaw.deploy.protocol.VerificationVerdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * The launcher makes the client's class-data archive from the classes its first call loaded, and a call of another
 * command loaded the rest from the jar and verified them: about 90 classes for a {@code rollback --wait} after a first
 * {@code status} (docs/cli.md, "Start-up time"). The call that lists the classes
 * ({@code -Dopenclaw.cli.training=true} from the launcher) therefore also loads, once its command is done and without
 * a request to the agent, what the other client commands need: every class of the client and the wire types, the JSON
 * (de)serializers of every wire type, the printing of deployments, events and checklists, and the Netty handlers of
 * the event stream. A rollback should not wait for that on its first run, which may be the one that matters.
 */
final class ClientTraining {
    static final String PROPERTY = "openclaw.cli.training";

    /** Packages, as jar paths, whose every class a client command may load. */
    private static final List<String> CLIENT_PACKAGES = List.of(
            "io/openclaw/deploy/agent/cli/", "io/openclaw/deploy/protocol/",
            // the event stream's idle guard and the upload's chunked body, which a status call never uses
            "io/netty/handler/timeout/", "io/netty/handler/stream/");

    private ClientTraining() {}

    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    /**
     * Loads and exercises what client commands use; nothing is printed and the agent is not called. Runs after the
     * command has printed its answer and chosen its exit code, which nothing here may change: a failure only ends the
     * training early.
     */
    static void run() {
        try {
            Main.commandLine(); // picocli's model of every command
            List<Class<?>> loaded = loadClientClasses();
            ObjectMapper mapper = Json.mapper();
            for (Class<?> type : loaded) {
                if (type.isRecord() && type.getPackageName().equals(Deployment.class.getPackageName())) {
                    mapper.readerFor(type); // builds the deserializer at once (Jackson's eager fetch)
                    mapper.writerFor(type);
                }
            }
            printSample(mapper);
        } catch (RuntimeException | LinkageError e) {
            // the archive then lacks some of the other commands' classes; they load from the jar when used
        }
    }

    private static List<Class<?>> loadClientClasses() {
        List<Class<?>> loaded = new ArrayList<>();
        ClassLoader loader = ClientTraining.class.getClassLoader();
        for (String name : classNames()) {
            try {
                loaded.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                // not loadable here (e.g. a class for another platform): left out of the archive, loaded if ever used
            }
        }
        return loaded;
    }

    /** The classes of {@link #CLIENT_PACKAGES} and their subpackages in the jar (or directory) this class is in. */
    static List<String> classNames() {
        try {
            Path source = Path.of(ClientTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<String> entries = new ArrayList<>();
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.walk(source)) {
                    files.map(f -> source.relativize(f).toString().replace('\\', '/')).forEach(entries::add);
                }
            } else {
                try (JarFile jar = new JarFile(source.toFile())) {
                    jar.stream().map(ZipEntry::getName).forEach(entries::add);
                }
            }
            return entries.stream()
                    .filter(e -> e.endsWith(".class") && !e.endsWith("module-info.class")
                            && CLIENT_PACKAGES.stream().anyMatch(e::startsWith))
                    .map(e -> e.substring(0, e.length() - ".class".length()).replace('/', '.'))
                    .sorted()
                    .toList();
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return List.of(); // the archive then holds the call's own classes, as without training
        }
    }

    /** What {@code deploy --wait} and {@code rollback --wait} print, through a JSON round trip as from the agent. */
    private static void printSample(ObjectMapper mapper) {
        Instant now = Instant.now();
        VerificationReport report = new VerificationReport(VerificationReport.TRIGGER_ROLLBACK, "d-training", now, true,
                List.of(new VerificationItem("training", "Training", VerificationVerdict.PASS, "1", "1",
                        List.of("detail"))));
        Deployment deployment = new Deployment("d-training", Deployment.KIND_ROLLBACK, DeploymentState.SUCCEEDED,
                "2", "1", "blue-green", List.of("loop"), null, now, now, null, 1L, 1, "training", report);
        DeploymentEvent event = new DeploymentEvent(1, now, "d-training", "training", DeploymentState.SUCCEEDED,
                "training", Map.of("loops", List.of("loop"), "split", Map.of("loop", 10))); // nested, as the agent's
        try (PrintWriter out = new PrintWriter(Writer.nullWriter())) {
            Deployment read = mapper.readValue(mapper.writeValueAsBytes(deployment), Deployment.class);
            DeploymentEvent readEvent = mapper.readValue(mapper.writeValueAsString(event), DeploymentEvent.class);
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(read));
            out.println(EventLines.accepted(read));
            out.println(EventLines.event(readEvent));
            out.println(EventLines.outcome(read));
            Checklist.print(out, read.verification());
        } catch (IOException e) {
            // only this part of the training is cut short
        }
    }
}
