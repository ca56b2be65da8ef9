package io.openclaw.deploy.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verification:} in agent.yaml: thresholds, warn-only items and extra dependencies, strictly read. */
class VerificationSectionTest {
    @TempDir
    Path dir;

    private VerificationSettings load(String yaml) throws IOException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, yaml);
        return AgentConfigLoader.load(file).verification();
    }

    private String failure(String yaml) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> load(yaml));
        assertThat(t).isInstanceOf(ConfigException.class);
        return t.getMessage();
    }

    @Test
    void theDefaultsAreTheSpecsChecklist() throws IOException {
        VerificationSettings d = load("");

        assertThat(d).isEqualTo(VerificationSettings.DEFAULTS);
        assertThat(d.errorRateMaxPercent()).isEqualTo(0.1);
        assertThat(d.p95LatencyMaxMs()).isEqualTo(200);
        assertThat(d.cpuMaxPercent()).isEqualTo(60);
        assertThat(d.memoryMaxPercent()).isEqualTo(70);
        assertThat(d.warnOnly()).isEmpty();
    }

    @Test
    void readsEverySetting() throws IOException {
        VerificationSettings v = load("""
                verification:
                  window_seconds: 120
                  error_rate_max_percent: 0.5
                  p95_latency_max_ms: 300
                  cpu_max_percent: 80
                  memory_max_percent: 75.5
                  resource_sample_ms: 500
                  dependency_timeout_seconds: 2
                  log_error_pattern: 'ERR'
                  log_error_factor: 3
                  log_error_allowance: 2
                  warn_only: [cpu, log_output]
                  dependencies:
                    gmail_processor: ["db.internal:5432", "https://gmail.googleapis.com"]
                """);

        assertThat(v.window()).isEqualTo(Duration.ofSeconds(120));
        assertThat(v.errorRateMaxPercent()).isEqualTo(0.5);
        assertThat(v.p95LatencyMaxMs()).isEqualTo(300);
        assertThat(v.memoryMaxPercent()).isEqualTo(75.5);
        assertThat(v.resourceSample()).isEqualTo(Duration.ofMillis(500));
        assertThat(v.dependencyTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(v.logErrorPattern()).isEqualTo("ERR");
        assertThat(v.logErrorAllowance()).isEqualTo(2);
        assertThat(v.warnOnly()).isEqualTo(Set.of("cpu", "log_output"));
        assertThat(v.dependencies("gmail_processor")).extracting(DependencyTarget::host, DependencyTarget::port,
                DependencyTarget::isHttp).containsExactly(
                        org.assertj.core.api.Assertions.tuple("db.internal", 5432, false),
                        org.assertj.core.api.Assertions.tuple("gmail.googleapis.com", 443, true));
        assertThat(v.dependencies("tts_engine")).isEmpty();
    }

    @Test
    void whatItWritesItReadsBack() throws IOException {
        VerificationSettings custom = VerificationSettings.DEFAULTS.withWarnOnly(Set.of("p95_latency"))
                .withDependencies(java.util.Map.of("voice_handler", List.of(DependencyTarget.parse("api.twilio.com:443"))));
        AgentConfig config = AgentConfig.defaults().withVerification(custom);
        Path file = dir.resolve("written.yaml");

        AgentConfigLoader.write(file, config);

        assertThat(AgentConfigLoader.load(file).verification()).isEqualTo(custom);
    }

    @Test
    void badValuesAreRefusedNamingKeyAndLine() {
        assertThat(failure("verification:\n  warn_only: [cpu, disk]\n"))
                .contains("verification.warn_only[1]").contains("line 2").contains("not a checklist item");
        assertThat(failure("verification:\n  dependencies:\n    gmail_processor: [\"db.internal\"]\n"))
                .contains("verification.dependencies.gmail_processor[0]").contains("host:port");
        assertThat(failure("verification:\n  log_error_pattern: '(unclosed'\n"))
                .contains("log_error_pattern").contains("regular expression");
        assertThat(failure("verification:\n  window_seconds: 900\n")).contains("window_seconds");
        assertThat(failure("verification:\n  cpu_max_percent: 120\n")).contains("cpu_max_percent");
        assertThat(failure("verification:\n  colour: red\n")).contains("verification.colour").contains("not a known setting");
    }

    @Test
    void dependencyTargetsAreHostPortOrHttpUrls() {
        assertThat(DependencyTarget.parse("db:5432")).extracting(DependencyTarget::host, DependencyTarget::port)
                .containsExactly("db", 5432);
        assertThat(DependencyTarget.parse("[::1]:6379").host()).isEqualTo("::1");
        assertThat(DependencyTarget.parse("http://127.0.0.1:9000/health").port()).isEqualTo(9000);
        assertThat(DependencyTarget.parse("HTTP://example.org").port()).isEqualTo(80);
        assertThatThrownBy(() -> DependencyTarget.parse("db:0")).hasMessageContaining("port");
        assertThatThrownBy(() -> DependencyTarget.parse("redis://db:6379")).hasMessageContaining("neither");
        assertThatThrownBy(() -> DependencyTarget.parse("https://user:secret@db.example.org"))
                .hasMessageContaining("must not carry").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DependencyTarget.parse(":80")).hasMessageContaining("host");
    }
}
