package io.openclaw.deploy.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The resource figures were added to a published record: old answers must still read, and unsampled ones stay lean. */
class InstanceStatusJsonTest {
    @Test
    void figuresAreWrittenWhenKnownAndLeftOutWhenNot() throws Exception {
        String sampled = Json.mapper().writeValueAsString(
                new InstanceStatus("a-blue-0", "1.0.0", "blue", 8000, 42, true, 100, "RUNNING", 12.5, 1024L, 0.5));
        assertThat(sampled).contains("\"cpuPercent\":12.5").contains("\"memoryBytes\":1024")
                .contains("\"memoryPercent\":0.5");
        String unsampled = Json.mapper().writeValueAsString(
                new InstanceStatus("a-blue-0", "1.0.0", "blue", 8000, 42, true, 100, "RUNNING"));
        assertThat(unsampled).doesNotContain("cpuPercent").doesNotContain("memory");
    }

    @Test
    void anAnswerFromAnAgentWithoutFiguresStillReads() throws Exception {
        InstanceStatus old = Json.mapper().readValue("{\"id\":\"a-blue-0\",\"version\":\"1.0.0\",\"slot\":\"blue\","
                + "\"port\":8000,\"pid\":42,\"healthy\":true,\"weight\":100,\"state\":\"RUNNING\"}", InstanceStatus.class);
        assertThat(old).isEqualTo(new InstanceStatus("a-blue-0", "1.0.0", "blue", 8000, 42, true, 100, "RUNNING"));
        InstanceStatus sampled = Json.mapper().readValue(Json.mapper().writeValueAsString(
                new InstanceStatus("a-blue-0", "1.0.0", "blue", 8000, 42, true, 100, "RUNNING", 12.5, 1024L, 0.5)),
                InstanceStatus.class);
        assertThat(sampled.cpuPercent()).isEqualTo(12.5);
        assertThat(sampled.memoryBytes()).isEqualTo(1024L);
    }
}
