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

    /** @return whether a CTRL_C_EVENT was delivered to the console of {@code pid} */
    boolean sendConsoleCtrlC(long pid);
}
