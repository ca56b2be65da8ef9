package io.openclaw.deploy.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuBurnerTest {
    @Test
    void readsTheThreadCountAndRefusesNonsense() {
        assertThat(CpuBurner.from(Map.of()).threads()).isZero();
        assertThat(CpuBurner.from(Map.of("SAMPLE_BURN_CPU", " 2 ")).threads()).isEqualTo(2);
        assertThatThrownBy(() -> CpuBurner.from(Map.of("SAMPLE_BURN_CPU", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SAMPLE_BURN_CPU must be a whole number of threads: yes");
        assertThatThrownBy(() -> CpuBurner.from(Map.of("SAMPLE_BURN_CPU", "-1")))
                .hasMessage("SAMPLE_BURN_CPU must be between 0 and 64: -1");
    }

    @Test
    void itsThreadsKeepAProcessorBusyUntilClosed() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (CpuBurner burner = new CpuBurner(1)) {
            List<Thread> threads = burner.start();
            assertThat(threads).hasSize(1);
            long id = threads.get(0).getId();
            await().atMost(Duration.ofSeconds(20)).until(() -> mx.getThreadCpuTime(id) > 200_000_000L);
            burner.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> !threads.get(0).isAlive());
        }
    }

    @Test
    void zeroThreadsBurnsNothing() {
        try (CpuBurner burner = CpuBurner.from(Map.of())) {
            assertThat(burner.start()).isEmpty();
        }
    }
}
