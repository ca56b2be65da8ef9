package io.openclaw.deploy.agent.config;

import io.openclaw.deploy.agent.config.yaml.YamlObject;
import io.openclaw.deploy.agent.config.yaml.YamlProblem;
import io.openclaw.deploy.agent.config.yaml.YamlTree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reads and writes {@code conf/agent.yaml}: snake_case keys in the spec's shape, unknown keys refused.
 *
 * <p>Each top-level section has its own reader and writer ({@code ListenSection}, {@code BlueGreenSection},
 * {@code RouterSection}, {@code SupervisorSection}, {@code ReleasesSection}, and {@link RolloutSections} for canary, rolling_update
 * and rollback); a new section (rolling_update, canary, rollback) is one more
 * such class and one line in {@link #read} and {@link #render}.
 */
public final class AgentConfigLoader {
    private AgentConfigLoader() {}

    /**
     * Reads the file over {@link AgentConfig#defaults()}: keys absent from the file keep their default.
     *
     * @throws ConfigException naming the bad key and its line
     */
    public static AgentConfig load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.getFileName().toString());
        }
    }

    /** @param fileName how error messages name the file */
    public static AgentConfig read(InputStream in, String fileName) throws IOException {
        try {
            AgentConfig d = AgentConfig.defaults();
            YamlObject root = YamlObject.root(YamlTree.parse(in), true);
            AgentConfig.Listen listen = ListenSection.read(root.object(ListenSection.KEY), d.listen());
            YamlObject blueGreen = root.object(BlueGreenSection.KEY);
            RolloutConfig.Cutover cutover =
                    CutoverSection.read(blueGreen.object(CutoverSection.KEY), d.rollout().cutover());
            AgentConfig.Slots slots = BlueGreenSection.read(blueGreen, d.slots(), listen);
            AgentConfig.Supervision supervision = SupervisorSection.read(root.object(SupervisorSection.KEY), d.supervision());
            AgentConfig.Releases releases = ReleasesSection.read(root.object(ReleasesSection.KEY), d.releases());
            // Default feature flags: read and validated by flags/FlagDefaults when the agent starts.
            root.take("feature_flags");
            RolloutConfig rollout = RolloutSections.read(root, d.rollout()).withCutover(cutover);
            AgentConfig.Flags flags = FlagsSection.read(root.object(FlagsSection.KEY), d.flags());
            AgentConfig.RouterLimits router = RouterSection.read(root.object(RouterSection.KEY), d.routerLimits());
            VerificationSettings verification =
                    VerificationSection.read(root.object(VerificationSection.KEY), d.verification());
            root.rejectUnknown();
            return new AgentConfig(listen, slots, supervision, releases, rollout, flags, router, verification);
        } catch (YamlProblem problem) {
            throw new ConfigException(problem.describeIn(fileName), problem);
        }
    }

    /** Writes a commented default configuration with the given listen settings (used by {@code init}). */
    public static void writeDefault(Path file, String bind, int routerPort, int apiPort) throws IOException {
        AgentConfig d = AgentConfig.defaults();
        AgentConfig config = new AgentConfig(new AgentConfig.Listen(bind, routerPort, apiPort), d.slots(), d.supervision(),
                d.releases(), d.rollout());
        write(file, config);
    }

    /**
     * Writes {@code config} as a commented agent.yaml, replacing the file atomically.
     *
     * @throws ConfigException when {@code config} is one {@link #load} would refuse (nothing is written)
     */
    public static void write(Path file, AgentConfig config) throws IOException {
        String text = render(config);
        read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), file.getFileName().toString());
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".agent-", ".yaml.tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The commented YAML text of {@code config}. */
    public static String render(AgentConfig config) {
        ConfigFile f = new ConfigFile()
                .comment("OpenClaw Deploy host agent configuration (conf/agent.yaml).")
                .comment("Every key is optional: a key left out takes the default. Unknown keys are errors.")
                .comment("Durations are whole numbers in the unit their key names (_ms, _seconds, _minutes). Reference: docs/configuration.md.")
                .comment("Restart the agent after editing.")
                .blank();
        ListenSection.write(f, config.listen());
        f.blank();
        RouterSection.write(f, config.routerLimits());
        f.blank();
        BlueGreenSection.write(f, config.slots(), config.rollout().cutover());
        f.blank();
        SupervisorSection.write(f, config.supervision());
        f.blank();
        ReleasesSection.write(f, config.releases());
        f.blank();
        RolloutSections.write(f, config.rollout());
        f.blank();
        FlagsSection.write(f, config.flags());
        f.blank();
        VerificationSection.write(f, config.verification());
        return f.toString();
    }
}
