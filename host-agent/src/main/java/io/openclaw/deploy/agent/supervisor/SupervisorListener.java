package io.openclaw.deploy.agent.supervisor;

/** Receives instance events. Called on supervisor threads: return quickly, never block. */
@FunctionalInterface
public interface SupervisorListener {
    void onEvent(InstanceEvent event);
}
