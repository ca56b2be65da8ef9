package io.openclaw.deploy.agent.supervisor;

import io.openclaw.deploy.agent.release.HealthCheck;
import io.openclaw.deploy.agent.release.ShutdownRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to run one instance of a loop; placeholders are already expanded.
 *
 * @param id          unique and stable, {@code <loop>-<slot>-<index>}, e.g. {@code gmail_processor-blue-0}
 * @param workingDir  the release directory ({@code ${INSTALL_DIR}})
 * @param environment added to the agent's own environment
 * @param shutdown    how the instance is asked to stop before the signal ({@link ShutdownRequest#NONE} in journals
 *                    written before the field existed)
 */
public record InstanceSpec(
        String id,
        String loop,
        String version,
        String slot,
        int index,
        int port,
        List<String> command,
        Map<String, String> environment,
        Path workingDir,
        HealthCheck health,
        ShutdownRequest shutdown) {

    public InstanceSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        shutdown = shutdown == null ? ShutdownRequest.NONE : shutdown;
    }

    /** An instance stopped by signal only. */
    public InstanceSpec(String id, String loop, String version, String slot, int index, int port, List<String> command,
            Map<String, String> environment, Path workingDir, HealthCheck health) {
        this(id, loop, version, slot, index, port, command, environment, workingDir, health, ShutdownRequest.NONE);
    }

    /** The same instance launched with another environment (e.g. the flags service's current address). */
    public InstanceSpec withEnvironment(Map<String, String> newEnvironment) {
        return new InstanceSpec(id, loop, version, slot, index, port, command, newEnvironment, workingDir, health,
                shutdown);
    }

    public static String instanceId(String loop, String slot, int index) {
        return loop + "-" + slot + "-" + index;
    }
}
