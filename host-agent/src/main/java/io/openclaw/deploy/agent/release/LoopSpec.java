package io.openclaw.deploy.agent.release;

import java.util.List;
import java.util.Map;

/**
 * One loop of a release, as declared in {@code openclaw.yaml}. {@code command} and {@code env} values may hold the
 * placeholders {@code ${PORT} ${LOOP} ${SLOT} ${VERSION} ${INSTALL_DIR} ${DATA_DIR} ${JAVA}}, expanded per instance.
 */
public record LoopSpec(
        String name, LoopStrategy strategy, int replicas, List<String> command, HealthCheck health, Map<String, String> env) {

    public LoopSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }
}
