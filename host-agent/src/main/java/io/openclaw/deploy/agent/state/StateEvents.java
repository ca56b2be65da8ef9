package io.openclaw.deploy.agent.state;

import java.util.Map;

/** Where the state steps are reported: the deployment's events, so the CLI and Jenkins show them as they happen. */
@FunctionalInterface
public interface StateEvents {
    StateEvents NONE = (loop, step, message, data) -> { };

    /**
     * @param step {@code snapshot}, {@code validated}, {@code staged}, {@code freeze}, {@code sync}, {@code resume},
     *             {@code restored}, {@code pruned}, {@code skipped}
     */
    void step(String loop, String step, String message, Map<String, Object> data);
}
