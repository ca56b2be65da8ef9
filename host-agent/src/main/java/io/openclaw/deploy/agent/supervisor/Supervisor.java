package io.openclaw.deploy.agent.supervisor;

import io.openclaw.deploy.agent.config.AgentConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs loop instances as real OS processes: launches them, checks their health, restarts crashed ones with back-off,
 * stops them gracefully, and adopts the ones a previous agent process left running.
 */
public final class Supervisor implements AutoCloseable {

    public Supervisor(AgentConfig.Supervision settings, Path logsDir, SupervisorListener listener) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Launches the instance and returns at once; health is watched from then on. */
    public InstanceSnapshot start(InstanceSpec spec) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Waits until the instance passes its health check.
     *
     * @return false if it exited, was stopped, or did not become healthy within {@code timeout}
     */
    public boolean awaitHealthy(String instanceId, Duration timeout) throws InterruptedException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Takes over a process started by an earlier agent, if it is still the same process (pid and start time), still
     * on its port and healthy. Otherwise nothing is adopted (and a process that is ours but unhealthy is stopped).
     */
    public Optional<InstanceSnapshot> adopt(InstanceSpec spec, long pid, java.time.Instant processStart) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Stops the instance: asks the process to exit, waits up to the stop timeout, then kills its whole process tree.
     * Returns when it is gone. The caller drains traffic first.
     */
    public void stop(String instanceId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Optional<InstanceSnapshot> instance(String instanceId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public List<InstanceSnapshot> instances() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Stops every instance gracefully (in parallel). */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
