package io.openclaw.deploy.agent.supervisor;

import java.util.List;

/**
 * The platform-specific part of stopping a process. The portable implementation is {@link ProcessHandleControl}; the
 * Windows one ({@code supervisor.windows.WindowsProcessControl}: console control event to ask, Job Object to kill the
 * tree) plugs in without touching the supervisor. The platform picks one at start-up.
 */
public interface ProcessControl {

    /**
     * Called once for every loop process the supervisor launches or adopts, before it is ever asked to exit: where the
     * platform groups a process with its descendants (a Windows Job Object), this is where it happens.
     */
    default void track(ProcessHandle process) {}

    /**
     * The command line a child of the agent (a loop, the router) is started with: {@code command} itself, or wrapped
     * where the platform needs a wrapper to start it as it should run ({@link NormalPriority} on Linux).
     */
    default List<String> launchCommand(List<String> command) {
        return command;
    }

    /**
     * Asks the process to exit on its own (SIGTERM on POSIX), without waiting. The loop's HTTP shutdown request, where
     * declared, is not the platform's business: {@code ProcessTreeStopper} sends it before this, the same everywhere.
     *
     * @return false if the platform cannot ask politely, in which case the caller goes straight to {@link #kill}
     */
    boolean askToExit(ProcessHandle process);

    /**
     * Kills the process at once, without giving it a chance to clean up. Descendants are included only where the
     * platform tracks them as a group ({@link #track}); the caller kills the descendants it knows of either way.
     */
    void kill(ProcessHandle process);
}
