package io.openclaw.deploy.agent.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CPU and memory are judged per instance and for the host, each below the limit. */
class ResourceJudgementTest {
    @Test
    void allBelowTheLimitPassesNamingTheHighestInstance() {
        Map<String, Double> instances = new LinkedHashMap<>();
        instances.put("gmail_processor-blue-0", 4.5);
        instances.put("gpt_interface-blue-0", 12.25);

        Finding f = ResourceCheck.judge(instances, 31.0, 60);

        assertThat(f.within()).isTrue();
        assertThat(f.measured()).isEqualTo("host 31.0 %, highest instance 12.3 % (gpt_interface-blue-0)");
        assertThat(f.threshold()).isEqualTo("< 60 % per instance and host");
    }

    @Test
    void aBusyInstanceOrABusyHostFailsAndIsNamed() {
        Map<String, Double> instances = new LinkedHashMap<>();
        instances.put("browser_agent-green-0", 60.0);
        instances.put("tts_engine-green-0", 2.0);

        Finding f = ResourceCheck.judge(instances, 71.4, 70);

        assertThat(f.within()).isFalse();
        assertThat(f.details()).containsExactly("host: 71.4 %");
        assertThat(ResourceCheck.judge(instances, 10, 60).details()).containsExactly("browser_agent-green-0: 60.0 %");
    }

    @Test
    void withNoInstanceMeasuredOnlyTheHostCounts() {
        Finding f = ResourceCheck.judge(Map.of(), 5, 60);

        assertThat(f.within()).isTrue();
        assertThat(f.measured()).isEqualTo("host 5.0 %, no instance measured");
    }
}
