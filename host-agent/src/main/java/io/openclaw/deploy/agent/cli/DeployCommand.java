package io.openclaw.deploy.agent.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.ArtifactDigest;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "deploy",
        sortOptions = false,
        description = {
            "Upload a release artifact (unless the agent already has it) and start deploying it.",
            "Without --wait the command returns once the agent has accepted the deployment."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  openclaw-agent deploy --home C:\\OpenClaw --artifact openclaw-1.4.3.zip --wait",
            "  openclaw-agent deploy --agent https://10.0.0.5:7443 --token-file token.txt \\",
            "      --fingerprint 3f:a2:... --artifact release.zip --version 1.4.3 \\",
            "      --strategy blue-green --wait",
            "",
            "Exit codes: 0 accepted (or SUCCEEDED with --wait), 2 invalid request or",
            "artifact, 3 ROLLED_BACK, 4 FAILED, 5 agent unreachable or token refused,",
            "1 anything else."
        })
final class DeployCommand extends ClientCommand {
    private static final long PROGRESS_THRESHOLD = 1024 * 1024;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--artifact", required = true, paramLabel = "ZIP", description = "The release zip (openclaw.yaml at its root).")
    Path artifact;

    @Option(names = "--version", paramLabel = "V", description = "Deploy under this version instead of the manifest's.")
    String version;

    @Option(names = "--strategy", paramLabel = "S", description = "auto (each loop's declared strategy, the default), blue-green, rolling, canary or feature-flag.")
    String strategy;

    @Option(names = "--loops", split = ",", paramLabel = "LOOP", description = "Deploy only these loops (comma-separated).")
    List<String> loops;

    @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Repeating the command with the same key returns the same deployment instead of starting another (e.g. the CI build id).")
    String idempotencyKey;

    @Option(names = "--options", paramLabel = "FILE", description = "Per-deployment overrides of the agent's settings, YAML or JSON in the shape of agent.yaml, e.g. canary: {phases: [{percentage: 10, duration_seconds: 5}, {percentage: 100}], check_interval_seconds: 1}. Unknown keys are refused by the agent.")
    Path optionsFile;

    @Option(names = "--wait", description = "Follow the deployment, printing each event, until it ends; the exit code tells the outcome.")
    boolean waitForEnd;

    @Override
    int run(AgentClient client) throws Exception {
        if (!Files.isRegularFile(artifact)) {
            throw new CliException(ExitCodes.USAGE, "--artifact: no such file " + artifact);
        }
        long size = Files.size(artifact);
        String sha256 = ArtifactDigest.sha256(artifact);
        if (client.hasArtifact(sha256)) {
            if (!json) {
                out().println("artifact " + sha256 + " is already on the agent");
            }
        } else {
            try (InputStream file = Files.newInputStream(artifact)) {
                InputStream in = size >= PROGRESS_THRESHOLD
                        ? new UploadProgress(file, size, artifact.getFileName().toString(), err())
                        : file;
                client.uploadArtifact(sha256, size, in);
            }
            if (!json) {
                out().println("uploaded " + artifact.getFileName() + " (" + UploadProgress.mib(size) + ", sha256 " + sha256 + ")");
            }
        }
        Map<String, Object> options = readOptions();
        Deployment accepted = client.deploy(new DeployRequest(sha256, version, strategy, loops, options), idempotencyKey);
        return Waiting.report(this, client, accepted, waitForEnd);
    }

    /** YAML is a superset of JSON, so one reader takes both. */
    private Map<String, Object> readOptions() {
        if (optionsFile == null) {
            return Map.of();
        }
        try {
            Map<String, Object> options =
                    new ObjectMapper(new YAMLFactory()).readValue(optionsFile.toFile(), new TypeReference<>() {});
            return options == null ? Map.of() : options;
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "--options: cannot read " + optionsFile + ": " + e.getMessage());
        }
    }
}
