package jenkins;

import jenkins.agents.ControllerToAgentFileCallable;

/** Stand-in of core {@code jenkins.MasterToSlaveFileCallable}. */
public abstract class MasterToSlaveFileCallable<T> implements ControllerToAgentFileCallable<T> {
    private static final long serialVersionUID = 1L;
}
