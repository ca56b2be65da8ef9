package io.openclaw.deploy.agent.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CPU and memory are judged per instance and for the release's instances together; the host is shown beside them. */
class ResourceJudgementTest {
    @Test
    void allBelowTheLimitPassesNamingTheHighestInstance() {
        Map<String, Double> instances = new LinkedHashMap<>();
        instances.put("gmail_processor-blue-0", 4.5);
        instances.put("gpt_interface-blue-0", 12.25);

        Finding f = ResourceCheck.judge(instances, 31.0, 60);

        assertThat(f.within()).isTrue();
        assertThat(f.measured())
                .isEqualTo("instances together 16.8 %, highest 12.3 % (gpt_interface-blue-0), host 31.0 %");
        assertThat(f.threshold()).isEqualTo("< 60 % per instance and for the release's instances together");
    }

    @Test
    void aBusyInstanceFailsAndIsNamed() {
        Map<String, Double> instances = new LinkedHashMap<>();
        instances.put("browser_agent-green-0", 60.0);
        instances.put("tts_engine-green-0", 2.0);

        Finding f = ResourceCheck.judge(instances, 10, 70);

        assertThat(f.within()).isTrue();
        assertThat(ResourceCheck.judge(instances, 10, 60).details())
                .containsExactly("browser_agent-green-0: 60.0 %", "2 instances together: 62.0 %");
    }

    @Test
    void instancesThatTogetherReachTheLimitFailThoughEachIsBelowIt() {
        Map<String, Double> instances = new LinkedHashMap<>();
        for (int i = 0; i < 15; i++) {
            instances.put("loop" + i + "-blue-0", 4.5);
        }

        Finding f = ResourceCheck.judge(instances, 80, 60);

        assertThat(f.within()).isFalse();
        assertThat(f.details()).containsExactly("15 instances together: 67.5 %");
    }

    @Test
    void aHostBusyWithOtherWorkDoesNotFailTheRelease() {
        Map<String, Double> instances = new LinkedHashMap<>();
        instances.put("core_orchestrator-blue-0", 3.0);
        instances.put("gmail_processor-blue-0", 5.0);

        Finding f = ResourceCheck.judge(instances, 100.0, 60);

        assertThat(f.within()).isTrue();
        assertThat(f.measured()).endsWith("host 100.0 %");
    }

    @Test
    void withNoInstanceMeasuredNothingFails() {
        Finding f = ResourceCheck.judge(Map.of(), 95, 60);

        assertThat(f.within()).isTrue();
        assertThat(f.measured()).isEqualTo("no instance measured, host 95.0 %");
    }
}
