package io.openclaw.deploy.agent.supervisor.windows;

import java.util.Optional;

/** The kernel32 calls {@link WindowsProcessControl} needs, as a seam so its logic runs (and is tested) anywhere. */
public interface Win32Processes {
    /** A named Job Object handle held by the agent. */
    interface Job extends AutoCloseable {
        /** Terminates every process in the job (the loop and whatever it started). */
        void terminate(int exitCode);

        /** Closes the handle only; the processes keep running (the job has no kill-on-close). */
        @Override
        void close();
    }

    /** The job a previous agent process created for this loop, if it still exists. */
    Optional<Job> openJob(String name);

    /** A new job without kill-on-close holding the process {@code pid} (and, from now on, its children). */
    Job createJob(String name, long pid);

    /**
     * Gives the process {@code pid} a handle of its own to {@code job} ({@code DuplicateHandle} into it). A named
     * object's name lives only as long as some handle to it is open: without this, the name would go with the agent's
     * handle when the agent crashes or is upgraded, and the next agent could not reopen the job of a loop it adopts.
     * The loop never uses or closes the handle; it goes when the loop exits.
     */
    void keepAlive(Job job, long pid);

    /** @return whether a CTRL_C_EVENT was delivered to the console of {@code pid} */
    boolean sendConsoleCtrlC(long pid);
}
