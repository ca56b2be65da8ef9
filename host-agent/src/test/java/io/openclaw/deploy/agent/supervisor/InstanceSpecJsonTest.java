package io.openclaw.deploy.agent.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openclaw.deploy.agent.release.HealthCheck;
import io.openclaw.deploy.agent.release.ShutdownRequest;
import io.openclaw.deploy.protocol.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The journal keeps instance specs as JSON: the shutdown request survives, and older journals still read. */
class InstanceSpecJsonTest {
    private static InstanceSpec spec(ShutdownRequest shutdown) {
        return new InstanceSpec("gmail_processor-blue-0", "gmail_processor", "1.4.2", "blue", 0, 8001,
                List.of("java", "-jar", "loop.jar"), Map.of("K", "v"), Path.of("/opt/openclaw/releases/1.4.2"),
                HealthCheck.http("/health", Duration.ofSeconds(5)), shutdown);
    }

    @Test
    void theShutdownRequestRoundTrips() throws Exception {
        InstanceSpec spec = spec(ShutdownRequest.http("/shutdown"));

        String json = Json.mapper().writeValueAsString(spec);

        assertThat(Json.mapper().readValue(json, InstanceSpec.class)).isEqualTo(spec);
    }

    @Test
    void aSpecJournaledBeforeTheFieldExistedIsStoppedBySignalOnly() throws Exception {
        ObjectNode old = Json.mapper().valueToTree(spec(ShutdownRequest.http("/shutdown")));
        old.remove("shutdown");

        InstanceSpec read = Json.mapper().treeToValue(old, InstanceSpec.class);

        assertThat(read.shutdown()).isEqualTo(ShutdownRequest.NONE);
        assertThat(read).isEqualTo(spec(ShutdownRequest.NONE));
    }
}
