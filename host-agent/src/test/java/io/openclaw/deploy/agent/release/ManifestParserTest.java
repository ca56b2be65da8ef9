package io.openclaw.deploy.agent.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestParserTest {

    static ReleaseManifest parse(String yaml) throws IOException {
        return ManifestParser.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    static ManifestException failure(String yaml) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> parse(yaml));
        assertThat(t).isInstanceOf(ManifestException.class);
        return (ManifestException) t;
    }

    @Test
    void readsEveryFieldOfALoop() throws IOException {
        ReleaseManifest m = parse("""
                version: 1.4.2
                loops:
                  - name: gmail_processor
                    strategy: canary
                    replicas: 2
                    command: ["${JAVA}", "-jar", "loops/sample-loop.jar", "--port", "${PORT}"]
                    health: { http: /ready, timeout_seconds: 7 }
                    env: { SOME_KEY: some value, RATE: 0.05, ON: true, COUNT: 3, DIR: "${DATA_DIR}/x" }
                """);
        assertThat(m.version()).isEqualTo("1.4.2");
        LoopSpec loop = m.loop("gmail_processor").orElseThrow();
        assertThat(loop.strategy()).isEqualTo(LoopStrategy.CANARY);
        assertThat(loop.replicas()).isEqualTo(2);
        assertThat(loop.command()).containsExactly("${JAVA}", "-jar", "loops/sample-loop.jar", "--port", "${PORT}");
        assertThat(loop.health()).isEqualTo(HealthCheck.http("/ready", Duration.ofSeconds(7)));
        assertThat(loop.env()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SOME_KEY", "some value", "RATE", "0.05", "ON", "true", "COUNT", "3", "DIR", "${DATA_DIR}/x"));
    }

    @Test
    void appliesDefaults() throws IOException {
        ReleaseManifest m = parse("""
                version: "2"
                loops:
                  - name: gmail_processor
                    command: [run]
                  - name: identity_manager
                    command: [run]
                  - name: my_own_loop
                    command: [run]
                """);
        LoopSpec gmail = m.loops().get(0);
        assertThat(gmail.strategy()).isEqualTo(LoopStrategy.ROLLING);
        assertThat(gmail.replicas()).isEqualTo(1);
        assertThat(gmail.health()).isEqualTo(HealthCheck.http("/health", Duration.ofSeconds(5)));
        assertThat(gmail.env()).isEmpty();
        assertThat(m.loops().get(1).strategy()).isEqualTo(LoopStrategy.FEATURE_FLAG);
        assertThat(m.loops().get(2).strategy()).isEqualTo(LoopStrategy.BLUE_GREEN);
        assertThat(m.loopNames()).containsExactly("gmail_processor", "identity_manager", "my_own_loop");
    }

    @Test
    void everyKnownLoopGetsItsSpecStrategy() {
        assertThat(KnownLoops.names()).hasSize(15);
        assertThat(KnownLoops.defaultStrategy("core_orchestrator")).isEqualTo(LoopStrategy.BLUE_GREEN);
        assertThat(KnownLoops.defaultStrategy("browser_agent")).isEqualTo(LoopStrategy.CANARY);
        assertThat(KnownLoops.defaultStrategy("gpt_interface")).isEqualTo(LoopStrategy.CANARY);
        assertThat(KnownLoops.defaultStrategy("logging_audit")).isEqualTo(LoopStrategy.ROLLING);
        assertThat(KnownLoops.defaultStrategy("identity_manager")).isEqualTo(LoopStrategy.FEATURE_FLAG);
    }

    @Test
    void tcpHealthCheck() throws IOException {
        LoopSpec loop = parse("""
                version: 1.0.0
                loops:
                  - name: a
                    command: [run]
                    health: {tcp: true, timeout_seconds: 3}
                """).loops().get(0);
        assertThat(loop.health().isHttp()).isFalse();
        assertThat(loop.health().timeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void numericVersionKeepsItsText() throws IOException {
        assertThat(parse("version: 1.10\nloops: [{name: a, command: [x]}]\n").version()).isEqualTo("1.10");
    }

    @Test
    void replicasOutOfRangeNamesPathLineAndColumn() {
        ManifestException e = failure("""
                version: 1.0.0
                loops:
                  - name: a
                    command: [run]
                  - name: b
                    command: [run]
                  - name: c
                    command: [run]
                    replicas: 0
                """);
        assertThat(e.getMessage()).isEqualTo(
                "openclaw.yaml line 9, column 15: loops[2].replicas must be between 1 and 16, got 0");
        assertThat(e.fieldPath()).isEqualTo("loops[2].replicas");
        assertThat(e.line()).isEqualTo(9);
        assertThat(e.problemType()).isEqualTo(ProblemTypes.INVALID_MANIFEST);
        assertThat(e.httpStatus()).isEqualTo(422);
    }

    @Test
    void unknownKeysAreErrors() {
        assertThat(failure("""
                version: 1.0.0
                loops:
                  - name: a
                    command: [run]
                    replica: 2
                """).getMessage()).startsWith("openclaw.yaml line 5, column 5: loops[0].replica is not a known setting");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x]}]\nextra: 1\n").getMessage())
                .startsWith("openclaw.yaml line 3, column 1: extra is not a known setting");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], health: {http: /h, interval: 3}}]\n").fieldPath())
                .isEqualTo("loops[0].health.interval");
    }

    @Test
    void missingOrEmptyRequiredFields() {
        assertThat(failure("loops: [{name: a, command: [x]}]\n").getMessage()).contains("version is missing");
        assertThat(failure("version: 1\n").getMessage()).contains("loops is missing");
        assertThat(failure("version: 1\nloops: []\n").getMessage()).contains("loops must list at least one loop");
        assertThat(failure("version: 1\nloops: [{command: [x]}]\n").fieldPath()).isEqualTo("loops[0].name");
        assertThat(failure("version: 1\nloops: [{name: a}]\n").getMessage()).contains("loops[0].command is missing");
        assertThat(failure("version: 1\nloops: [{name: a, command: []}]\n").getMessage()).contains("loops[0].command must not be empty");
        assertThat(failure("version: 1\nloops: [{name: a, command: run}]\n").getMessage()).contains("loops[0].command must be a list");
        assertThat(failure("").getMessage()).contains("the file is empty");
        assertThat(failure("- a\n- b\n").getMessage()).contains("must be a mapping");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "a/b", "a\\\\b", "-1", "1.0.", "CON", "nul.1", "with space", "é1"})
    void unusableVersionsAreRefused(String version) {
        assertThat(failure("version: \"" + version + "\"\nloops: [{name: a, command: [x]}]\n").fieldPath()).isEqualTo("version");
    }

    @Test
    void versionLengthLimit() throws IOException {
        String ok = "1".repeat(64);
        assertThat(parse("version: \"" + ok + "\"\nloops: [{name: a, command: [x]}]\n").version()).isEqualTo(ok);
        assertThat(failure("version: \"" + ok + "1\"\nloops: [{name: a, command: [x]}]\n").getMessage())
                .contains("at most 64 characters");
        assertThat(ReleaseVersion.isValid("1.4.2+build_7-rc")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Gmail", "1loop", "a-b", "_a", ""})
    void badLoopNames(String name) {
        assertThat(failure("version: 1\nloops: [{name: \"" + name + "\", command: [x]}]\n").fieldPath()).isEqualTo("loops[0].name");
    }

    @Test
    void duplicateLoopNames() {
        ManifestException e = failure("version: 1\nloops:\n  - {name: a, command: [x]}\n  - {name: a, command: [x]}\n");
        assertThat(e.getMessage()).contains("loops[1].name 'a' is already used by loops[0]").contains("line 4");
    }

    @Test
    void duplicateKeysAreErrors() {
        assertThat(failure("version: 1\nversion: 2\nloops: [{name: a, command: [x]}]\n").getMessage())
                .contains("line 2").contains("version is given twice");
    }

    @Test
    void yamlAliasesAndSecondDocumentsAreRefused() {
        assertThat(failure("version: &v 1.0\nloops: [{name: a, command: [*v]}]\n").getMessage())
                .contains("loops[0].command[0] uses the YAML alias *v");
        assertThat(failure("version: 1\nloops:\n  - &l {name: a, command: [x]}\n  - <<: *l\n    name: b\n").getMessage())
                .contains("alias");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x]}]\n---\nversion: 2\n").getMessage())
                .contains("line 4").contains("single YAML document");
    }

    @Test
    void badStrategy() {
        assertThat(failure("version: 1\nloops: [{name: a, strategy: big-bang, command: [x]}]\n").getMessage())
                .contains("loops[0].strategy must be one of blue-green, rolling, canary, feature-flag, got 'big-bang'");
    }

    @Test
    void badHealthChecks() {
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], health: {http: /h, tcp: true}}]\n").getMessage())
                .contains("cannot be combined");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], health: {tcp: false}}]\n").fieldPath())
                .isEqualTo("loops[0].health.tcp");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], health: {http: health}}]\n").fieldPath())
                .isEqualTo("loops[0].health.http");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], health: {http: /h, timeout_seconds: 0}}]\n").fieldPath())
                .isEqualTo("loops[0].health.timeout_seconds");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], health: /health}]\n").getMessage())
                .contains("loops[0].health must be a mapping");
    }

    @Test
    void aLoopMayDeclareAnHttpShutdownRequest() throws IOException {
        ReleaseManifest m = parse("""
                version: 1.0.0
                loops:
                  - name: a
                    command: [run]
                    shutdown: { http: /admin/shutdown }
                  - name: b
                    command: [run]
                """);
        assertThat(m.loops().get(0).shutdown()).isEqualTo(ShutdownRequest.http("/admin/shutdown"));
        assertThat(m.loops().get(0).shutdown().isHttp()).isTrue();
        // Without the key a loop is stopped by signal only.
        assertThat(m.loops().get(1).shutdown()).isEqualTo(ShutdownRequest.NONE);
        assertThat(m.loops().get(1).shutdown().isHttp()).isFalse();
    }

    @Test
    void badShutdownRequestsNameTheFieldWithLineAndColumn() {
        ManifestException relative = failure("""
                version: 1.0.0
                loops:
                  - name: a
                    command: [run]
                    shutdown: { http: shutdown }
                """);
        assertThat(relative.getMessage()).isEqualTo("openclaw.yaml line 5, column 23: loops[0].shutdown.http must be a"
                + " URL path starting with '/' without spaces, got 'shutdown'");
        assertThat(relative.fieldPath()).isEqualTo("loops[0].shutdown.http");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], shutdown: {http: '/a b'}}]\n").fieldPath())
                .isEqualTo("loops[0].shutdown.http");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], shutdown: {http: [/a]}}]\n").getMessage())
                .contains("loops[0].shutdown.http must be a single value");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], shutdown: /shutdown}]\n").getMessage())
                .contains("loops[0].shutdown must be a mapping");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], shutdown: {}}]\n").getMessage())
                .contains("loops[0].shutdown.http is missing");
    }

    @Test
    void unknownKeysOfAShutdownRequestAreErrors() {
        ManifestException e = failure("""
                version: 1.0.0
                loops:
                  - name: a
                    command: [run]
                    shutdown: { http: /shutdown, signal: true }
                """);
        assertThat(e.fieldPath()).isEqualTo("loops[0].shutdown.signal");
        assertThat(e.getMessage()).startsWith("openclaw.yaml line 5, column 34: loops[0].shutdown.signal is not a known"
                + " setting (known here: http)");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], shutdown: {path: /x}}]\n").getMessage())
                .contains("loops[0].shutdown.path is not a known setting (known here: http)");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], shutdwn: {http: /x}}]\n").getMessage())
                .contains("loops[0].shutdwn is not a known setting").contains("shutdown");
    }

    @Test
    void unknownPlaceholdersAreNamed() {
        assertThat(failure("version: 1\nloops: [{name: a, command: [x, \"${HOME}\"]}]\n").getMessage())
                .contains("loops[0].command[1] uses unknown placeholder ${HOME}");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], env: {A: \"${PORT}-${NOPE}\"}}]\n").getMessage())
                .contains("loops[0].env.A uses unknown placeholder ${NOPE}");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x, \"${PORT\"]}]\n").getMessage())
                .contains("unclosed placeholder");
    }

    @Test
    void badEnvironment() {
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], env: {A: [1, 2]}}]\n").getMessage())
                .contains("loops[0].env.A must be a string, number or boolean");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], env: {A: }}]\n").fieldPath()).isEqualTo("loops[0].env.A");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], env: {\"A-B\": x}}]\n").getMessage())
                .contains("not a valid environment variable name");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], env: {OPENCLAW_PORT: 1}}]\n").getMessage())
                .contains("reserved");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], env: {Path: a, PATH: b}}]\n").getMessage())
                .contains("only in case");
    }

    @Test
    void syntaxErrorsHaveALine() {
        ManifestException e = failure("version: 1\nloops:\n  - name: a\n   command: [x\n");
        assertThat(e.getMessage()).startsWith("openclaw.yaml line ").contains("is not valid YAML");
        assertThat(e.line()).isGreaterThan(1);
    }

    @Test
    void parsesAFileAndReportsAMissingOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("openclaw.yaml");
        Files.writeString(file, "version: 3.0.0\nloops: [{name: a, command: [x]}]\n");
        assertThat(ManifestParser.parse(file).version()).isEqualTo("3.0.0");
        assertThatThrownBy(() -> ManifestParser.parse(dir.resolve("nope/openclaw.yaml")))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("has no openclaw.yaml");
    }

    @Test
    void expandsPlaceholders() {
        Map<String, String> values = Map.of("PORT", "8001", "JAVA", "C:\\java\\bin\\java.exe", "LOOP", "a");
        assertThat(Placeholders.expand("${JAVA} --port ${PORT} ${LOOP}${LOOP}", values))
                .isEqualTo("C:\\java\\bin\\java.exe --port 8001 aa");
        assertThat(Placeholders.expand("cost $5 {PORT}", values)).isEqualTo("cost $5 {PORT}");
        assertThat(Placeholders.expand("${PORT}", Map.of("PORT", "${LOOP}$1"))).isEqualTo("${LOOP}$1");
        assertThatThrownBy(() -> Placeholders.expand("${SLOT}", values))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("${SLOT}");
        LoopSpec loop = new LoopSpec("a", LoopStrategy.ROLLING, 1, java.util.List.of("${JAVA}", "--port", "${PORT}"),
                HealthCheck.tcp(Duration.ofSeconds(1)), Map.of("X", "p${PORT}"));
        assertThat(loop.expandedCommand(values)).containsExactly("C:\\java\\bin\\java.exe", "--port", "8001");
        assertThat(loop.expandedEnv(values)).containsExactly(Map.entry("X", "p8001"));
    }

    @Test
    void aLoopMayDeclareTheDependenciesItNeedsToReach() throws IOException {
        LoopSpec loop = parse("""
                version: 1.0.0
                loops:
                  - name: gmail_processor
                    command: [x]
                    dependencies: ["db.internal:5432", "https://gmail.googleapis.com/"]
                  - name: tts_engine
                    command: [x]
                """).loops().get(0);

        assertThat(loop.dependencies()).extracting(io.openclaw.deploy.agent.config.DependencyTarget::text)
                .containsExactly("db.internal:5432", "https://gmail.googleapis.com/");
        assertThat(parse("version: 1.0.0\nloops: [{name: a, command: [x]}]\n").loops().get(0).dependencies()).isEmpty();
        assertThat(failure("version: 1.0.0\nloops: [{name: a, command: [x], dependencies: [\"ftp://x\"]}]\n")
                .getMessage()).contains("loops[0].dependencies[0]").contains("neither host:port nor an http(s) URL");
    }
}
