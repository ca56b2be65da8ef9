package io.openclaw.deploy.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openclaw.deploy.agent.api.ApiToken;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentConfigLoader;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.platform.HomeProtection;
import io.openclaw.deploy.agent.tls.OwnerOnlyFiles;
import io.openclaw.deploy.agent.tls.TlsIdentityStore;
import io.openclaw.deploy.protocol.Fingerprints;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentHomeInitializerTest {
    /** Stands in for AgentConfigLoader.writeDefault (built by another engineer) and records what it was asked. */
    private final List<String> configWrites = new ArrayList<>();

    private final AgentHomeInitializer.ConfigWriter writer = (file, bind, routerPort, apiPort) -> {
        configWrites.add(bind + " " + routerPort + " " + apiPort);
        Files.writeString(file, "# test\n");
    };

    @Test
    void theHomeIsProtectedBeforeAnythingIsWrittenIntoItAndConfBeforeAnySecret(@TempDir Path dir) throws Exception {
        AgentHome home = new AgentHome(dir.resolve("OpenClaw"));
        List<String> seen = new ArrayList<>();
        HomeProtection recording = new HomeProtection() {
            @Override
            public void protectHome(AgentHome h) throws java.io.IOException {
                Files.createDirectories(h.root());
                try (var children = Files.list(h.root())) {
                    seen.add("home, entries: " + children.count());
                }
            }

            @Override
            public void protectConf(AgentHome h) {
                seen.add("conf, token: " + Files.exists(h.tokenFile()) + ", key store: " + Files.exists(h.keyStore())
                        + ", config: " + Files.exists(h.configFile()));
            }
        };

        AgentHomeInitializer.initialize(home, "127.0.0.1", 18080, 17443, false, writer, recording);

        assertThat(seen).containsExactly("home, entries: 0", "conf, token: false, key store: false, config: false");
    }

    @Test
    void createsTheLayoutWithOwnerOnlySecrets(@TempDir Path dir) throws Exception {
        AgentHome home = new AgentHome(dir.resolve("OpenClaw"));
        AgentHomeInitializer.Result result = AgentHomeInitializer.initialize(home, "127.0.0.1", 18080, 17443, false, writer);

        for (Path d : List.of(home.releases(), home.artifacts(), home.slotData("blue"), home.slotData("green"),
                home.state(), home.logs(), home.backups())) {
            assertThat(d).isEmptyDirectory();
        }
        assertThat(configWrites).containsExactly("127.0.0.1 18080 17443");
        assertThat(result.apiUri()).hasToString("https://127.0.0.1:17443");
        assertThat(result.tokenFile()).isEqualTo(home.tokenFile());
        assertThat(ApiToken.readFile(home.tokenFile())).matches("[A-Za-z0-9_-]{43}");
        assertThat(result.fingerprint())
                .isEqualTo(Fingerprints.sha256(TlsIdentityStore.readCertificate(home.certificatePem())))
                .isEqualTo(TlsIdentityStore.load(home).fingerprint());
        assumeTrue(OwnerOnlyFiles.supportsPosix(dir), "POSIX permissions");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.tokenFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.conf()))).isEqualTo("rwx------");
    }

    @Test
    void refusesAnExistingHomeUnlessForcedAndKeepsItsData(@TempDir Path dir) throws Exception {
        AgentHome home = new AgentHome(dir);
        AgentHomeInitializer.initialize(home, "127.0.0.1", 18080, 17443, false, writer);
        String token = ApiToken.readFile(home.tokenFile());
        Path kept = Files.writeString(home.releases().resolve("marker"), "release");

        assertThatThrownBy(() -> AgentHomeInitializer.initialize(home, "127.0.0.1", 18080, 17443, false, writer))
                .isInstanceOf(AgentHomeInitializer.HomeExistsException.class)
                .hasMessageContaining("--force");
        assertThat(ApiToken.readFile(home.tokenFile())).isEqualTo(token);

        AgentHomeInitializer.initialize(home, "127.0.0.1", 18080, 17443, true, writer);
        assertThat(ApiToken.readFile(home.tokenFile())).isNotEqualTo(token);
        assertThat(kept).hasContent("release");
    }

    @Test
    void refusesBadPortsBeforeWritingAnything(@TempDir Path dir) {
        AgentHome home = new AgentHome(dir.resolve("h"));
        assertThatThrownBy(() -> AgentHomeInitializer.initialize(home, "127.0.0.1", 7443, 7443, false, writer))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AgentHomeInitializer.initialize(home, "127.0.0.1", 0, 7443, false, writer))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(home.root()).doesNotExist();
    }

    @Test
    void initCommandRefusesAnExistingHomeWithExitCode2(@TempDir Path dir) throws Exception {
        AgentHomeInitializer.initialize(new AgentHome(dir), "127.0.0.1", 18080, 17443, false, writer);
        StringWriter err = new StringWriter();
        CommandLine cli = io.openclaw.deploy.agent.cli.Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("init", "--home", dir.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("openclaw-agent: error: ").contains("--force");
    }

    /**
     * The whole command with the real agent.yaml writer. Skipped while AgentConfigLoader is still the contract stub
     * (on branch feat/api); runs once the configuration work is merged.
     */
    @Test
    void initCommandWritesALoadableConfiguration(@TempDir Path dir) throws Exception {
        Path homeDir = dir.resolve("home");
        StringWriter out = new StringWriter();
        CommandLine cli = io.openclaw.deploy.agent.cli.Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        int code = cli.execute("init", "--home", homeDir.toString(), "--router-port", "18080", "--api-port", "17443");
        assertThat(code).isZero();
        AgentHome home = new AgentHome(homeDir);
        AgentConfig config = AgentConfigLoader.load(home.configFile());
        assertThat(config.listen().apiPort()).isEqualTo(17443);
        assertThat(config.listen().routerPort()).isEqualTo(18080);
        assertThat(out.toString())
                .contains("https://127.0.0.1:17443")
                .contains(home.tokenFile().toString())
                .contains(TlsIdentityStore.load(home).fingerprint());
    }
}
