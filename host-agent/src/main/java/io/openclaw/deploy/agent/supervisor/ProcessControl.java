package io.openclaw.deploy.agent.supervisor;

/**
 * The platform-specific part of stopping a process. The portable implementation is {@link ProcessHandleControl}; a
 * Windows one (console control event to ask, job object to kill the tree) can be plugged in without touching the
 * supervisor.
 */
public interface ProcessControl {

    /**
     * Asks the process to exit on its own (SIGTERM on POSIX), without waiting.
     *
     * @return false if the platform cannot ask politely, in which case the caller goes straight to {@link #kill}
     */
    boolean askToExit(ProcessHandle process);

    /** Kills the process at once, without giving it a chance to clean up; descendants are not included. */
    void kill(ProcessHandle process);
}
