package io.openclaw.deploy.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopSettingsTest {
    @Test
    void argumentsComeFirst() {
        LoopSettings s = LoopSettings.from(
                new String[] {"--port", "8001", "--loop", "gmail_processor", "--version", "1.4.2", "--slot", "green"},
                Map.of("OPENCLAW_PORT", "9000", "OPENCLAW_LOOP", "other", "OPENCLAW_VERSION", "0.1", "OPENCLAW_SLOT", "blue"));
        assertThat(s.port()).isEqualTo(8001);
        assertThat(s.loop()).isEqualTo("gmail_processor");
        assertThat(s.version()).isEqualTo("1.4.2");
        assertThat(s.slot()).isEqualTo("green");
    }

    @Test
    void environmentIsTheFallback() {
        LoopSettings s = LoopSettings.from(new String[0], Map.of(
                "OPENCLAW_PORT", "9000", "OPENCLAW_LOOP", "tts_engine", "OPENCLAW_VERSION", "2.0.0", "OPENCLAW_SLOT", "blue",
                "SAMPLE_FAIL_HEALTH", "TRUE", "SAMPLE_ERROR_RATE", "0.05", "SAMPLE_LATENCY_MS", " 800 ", "SAMPLE_STARTUP_MS", "3000"));
        assertThat(s).isEqualTo(new LoopSettings(9000, "tts_engine", "2.0.0", "blue", true, 0.05, 800, 3000));
    }

    @Test
    void defaultsWithoutFaults() {
        assertThat(LoopSettings.from(new String[] {"--port", "0"}, Map.of()))
                .isEqualTo(new LoopSettings(0, "sample_loop", "0.0.0", "none", false, 0, 0, 0));
    }

    @Test
    void badInputIsExplained() {
        assertThatThrownBy(() -> LoopSettings.from(new String[0], Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no port");
        assertThatThrownBy(() -> LoopSettings.from(new String[] {"--port", "eighty"}, Map.of()))
                .hasMessage("--port must be a whole number: eighty");
        assertThatThrownBy(() -> LoopSettings.from(new String[] {"--port", "70000"}, Map.of()))
                .hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> LoopSettings.from(new String[] {"--port", "1"}, Map.of("SAMPLE_ERROR_RATE", "1.5")))
                .hasMessageContaining("SAMPLE_ERROR_RATE must be between 0 and 1");
        assertThatThrownBy(() -> LoopSettings.from(new String[] {"--port", "1"}, Map.of("SAMPLE_ERROR_RATE", "lots")))
                .hasMessage("SAMPLE_ERROR_RATE must be a number: lots");
        assertThatThrownBy(() -> LoopSettings.from(new String[] {"--port", "1"}, Map.of("SAMPLE_LATENCY_MS", "1.5")))
                .hasMessage("SAMPLE_LATENCY_MS must be a whole number: 1.5");
    }

    @Test
    void aMarkerFilePresentAtStartUpMakesTheLoopUnhealthy(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("fail-health");
        Map<String, String> env = Map.of("SAMPLE_FAIL_HEALTH_IF_FILE", marker.toString());
        assertThat(LoopSettings.from(new String[] {"--port", "0"}, env).failHealth()).isFalse();
        Files.createFile(marker);
        assertThat(LoopSettings.from(new String[] {"--port", "0"}, env).failHealth()).isTrue();
        assertThat(LoopSettings.from(new String[] {"--port", "0"}, Map.of("SAMPLE_FAIL_HEALTH_IF_FILE", " ")).failHealth())
                .isFalse();
    }
}
