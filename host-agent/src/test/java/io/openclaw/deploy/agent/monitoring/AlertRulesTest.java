package io.openclaw.deploy.agent.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openclaw.deploy.agent.testing.PrometheusBinaries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/monitoring/alerts.yml as Prometheus' own tool sees it: {@code promtool check rules} (syntax, PromQL, templates)
 * and {@code promtool test rules} with the fixtures in docs/monitoring/tests (each alert fires when it should, and
 * not before). Skipped, saying why, only where promtool is not installed.
 */
class AlertRulesTest {
    static final Path MONITORING = Path.of("..", "docs", "monitoring").toAbsolutePath().normalize();
    static final Path RULES = MONITORING.resolve("alerts.yml");

    private static Path promtool;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findPromtool() {
        promtool = PrometheusBinaries.find("promtool").orElse(null);
    }

    /** Per test, not in {@code @BeforeAll}: Surefire reports a class-level skip as no test at all. */
    @BeforeEach
    void requirePromtool() {
        assumeTrue(promtool != null, "promtool " + PrometheusBinaries.MISSING);
    }

    @Test
    void theRulesPassPromtoolsCheck() throws Exception {
        Result result = promtool("check", "rules", RULES.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void theRulesPassTheirUnitTests() throws Exception {
        List<String> fixtures = fixtures();
        assertThat(fixtures).as("fixtures in docs/monitoring/tests").isNotEmpty();
        List<String> command = new ArrayList<>(List.of("test", "rules"));
        command.addAll(fixtures);

        Result result = promtool(command.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void theUnitTestsCatchAWrongThreshold() throws Exception {
        // The fixtures must be able to fail: the same tests against rules with spec 11.1's error threshold raised
        // tenfold (HighErrorRate's test then sees no alert).
        Path copy = Files.createDirectories(tmp.resolve("monitoring"));
        Files.writeString(copy.resolve("alerts.yml"), Files.readString(RULES, StandardCharsets.UTF_8)
                .replace("job:openclaw_router_error_ratio:rate5m > 0.001", "job:openclaw_router_error_ratio:rate5m > 0.01"));
        Path tests = Files.createDirectories(copy.resolve("tests"));
        Path fixture = Files.copy(MONITORING.resolve("tests").resolve("alerts_test.yml"),
                tests.resolve("alerts_test.yml"));
        assertThat(Files.readString(copy.resolve("alerts.yml"))).contains("> 0.01");

        Result result = promtool("test", "rules", fixture.toString());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("FAILED").contains("alertname: HighErrorRate");
    }

    private static List<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(MONITORING.resolve("tests"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yml")).map(Path::toString).sorted().toList();
        }
    }

    private Result promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(promtool.toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile(tmp, "promtool", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).directory(MONITORING.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("promtool " + String.join(" ", args) + " did not finish in 3 minutes");
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {}
}
