package io.openclaw.deploy.agent.supervisor.windows;

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import io.openclaw.deploy.agent.supervisor.ProcessControl;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ProcessControl} for Windows.
 * <ul>
 *   <li>{@link #track}: each loop gets its own named Job Object <em>without</em> kill-on-close, so the loop and every
 *       process it starts later belong to it, and nothing dies when the agent does. A restarted agent reopens the job
 *       by name when it adopts the loop.</li>
 *   <li>{@link #askToExit}: a CTRL_C_EVENT on the loop's console ({@link ConsoleCtrlC}: attach, send, detach, with a
 *       handler of our own that keeps the event from ending the agent). The JDK starts every child with
 *       CREATE_NO_WINDOW, which gives it a console without a window, so this can work under the SCM too; Java loops
 *       run their shutdown hooks on it. Where it cannot (the agent has a console window of its own, the loop has
 *       none, access denied): false. The loop's HTTP shutdown request, where its manifest declares one, is sent
 *       before this (the same code on every OS).</li>
 *   <li>{@link #kill}: {@code TerminateJobObject} on the loop's job, the whole tree at once; the process alone where no
 *       job is known.</li>
 * </ul>
 * Every kernel call goes through {@link Win32Processes}, so the decisions above are tested on Linux against a fake.
 */
public final class WindowsProcessControl implements ProcessControl {
    private static final Logger LOG = LoggerFactory.getLogger(WindowsProcessControl.class);

    private final Win32Processes win32;
    private final Map<Long, Win32Processes.Job> jobs = new ConcurrentHashMap<>();

    public WindowsProcessControl(Win32Processes win32) {
        this.win32 = win32;
    }

    /** The real kernel32. */
    public static WindowsProcessControl create() {
        return new WindowsProcessControl(new Kernel32Processes());
    }

    @Override
    public void track(ProcessHandle process) {
        Optional<Instant> start = process.info().startInstant();
        if (start.isEmpty() || !process.isAlive()) {
            return;
        }
        String name = JobNames.forProcess(process.pid(), start.get());
        try {
            Optional<Win32Processes.Job> reopened = win32.openJob(name);
            Win32Processes.Job job = reopened.orElseGet(() -> win32.createJob(name, process.pid()));
            if (reopened.isEmpty()) {
                keepAlive(job, process.pid());
            }
            Win32Processes.Job previous = jobs.put(process.pid(), job);
            if (previous != null && previous != job) {
                previous.close();
            }
            // The handle only matters while the process lives; closing it never kills anything (no kill-on-close).
            process.onExit().thenRun(() -> {
                if (jobs.remove(process.pid(), job)) {
                    job.close();
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("pid {}: no Job Object ({}); its tree will be stopped process by process", process.pid(),
                    e.getMessage());
        }
    }

    private void keepAlive(Win32Processes.Job job, long pid) {
        try {
            win32.keepAlive(job, pid);
        } catch (RuntimeException e) {
            LOG.warn("pid {}: its Job Object lives only as long as this agent ({}); after an agent restart its tree"
                    + " will be stopped process by process", pid, e.getMessage());
        }
    }

    @Override
    public boolean askToExit(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            return win32.sendConsoleCtrlC(process.pid());
        } catch (RuntimeException e) {
            LOG.debug("pid {}: cannot send a console control event: {}", process.pid(), e.getMessage());
            return false;
        }
    }

    @Override
    public void kill(ProcessHandle process) {
        Win32Processes.Job job = jobs.get(process.pid());
        if (job != null && process.isAlive()) {
            try {
                job.terminate(1);
                return;
            } catch (RuntimeException e) {
                LOG.warn("pid {}: TerminateJobObject failed ({}); killing the process alone", process.pid(),
                        e.getMessage());
            }
        }
        process.destroyForcibly();
    }

    /** Jobs currently held, by pid (for tests and status). */
    int trackedJobs() {
        return jobs.size();
    }

    /** kernel32 behind {@link Win32Processes}. */
    static final class Kernel32Processes implements Win32Processes {
        private static final int PROCESS_ACCESS =
                WinNT.PROCESS_SET_QUOTA | WinNT.PROCESS_TERMINATE | WinNT.PROCESS_QUERY_LIMITED_INFORMATION;
        private final JobObjectApi jobApi = JobObjectApi.load();
        private final ConsoleCtrlC console = new ConsoleCtrlC(new Kernel32Console(jobApi));

        @Override
        public Optional<Job> openJob(String name) {
            WinNT.HANDLE handle = jobApi.OpenJobObject(
                    JobObjectApi.JOB_OBJECT_TERMINATE | JobObjectApi.JOB_OBJECT_QUERY, false, name);
            return handle == null ? Optional.empty() : Optional.of(new KernelJob(handle));
        }

        @Override
        public Job createJob(String name, long pid) {
            WinNT.HANDLE job = jobApi.CreateJobObject(null, name);
            if (job == null) {
                throw new IllegalStateException("CreateJobObject failed, error " + Kernel32.INSTANCE.GetLastError());
            }
            JobObjectApi.JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits = new JobObjectApi.JOBOBJECT_EXTENDED_LIMIT_INFORMATION();
            limits.BasicLimitInformation.LimitFlags = 0; // explicitly no KILL_ON_JOB_CLOSE, no breakaway
            limits.write();
            jobApi.SetInformationJobObject(job, JobObjectApi.JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS, limits,
                    limits.size());
            WinNT.HANDLE process = Kernel32.INSTANCE.OpenProcess(PROCESS_ACCESS, false, (int) pid);
            if (process == null) {
                int error = Kernel32.INSTANCE.GetLastError();
                Kernel32.INSTANCE.CloseHandle(job);
                throw new IllegalStateException("OpenProcess failed, error " + error);
            }
            try {
                if (!jobApi.AssignProcessToJobObject(job, process)) {
                    int error = Kernel32.INSTANCE.GetLastError();
                    Kernel32.INSTANCE.CloseHandle(job);
                    throw new IllegalStateException("AssignProcessToJobObject failed, error " + error);
                }
            } finally {
                Kernel32.INSTANCE.CloseHandle(process);
            }
            return new KernelJob(job);
        }

        @Override
        public void keepAlive(Job job, long pid) {
            WinNT.HANDLE process = Kernel32.INSTANCE.OpenProcess(WinNT.PROCESS_DUP_HANDLE, false, (int) pid);
            if (process == null) {
                throw new IllegalStateException("OpenProcess(PROCESS_DUP_HANDLE) failed, error "
                        + Kernel32.INSTANCE.GetLastError());
            }
            try {
                // Query access only: the loop can see its job but not terminate it or change its limits.
                if (!Kernel32.INSTANCE.DuplicateHandle(Kernel32.INSTANCE.GetCurrentProcess(), ((KernelJob) job).handle,
                        process, new WinNT.HANDLEByReference(), JobObjectApi.JOB_OBJECT_QUERY, false, 0)) {
                    throw new IllegalStateException("DuplicateHandle failed, error " + Kernel32.INSTANCE.GetLastError());
                }
            } finally {
                Kernel32.INSTANCE.CloseHandle(process);
            }
        }

        @Override
        public boolean sendConsoleCtrlC(long pid) {
            return console.send(pid);
        }

        private final class KernelJob implements Job {
            private final WinNT.HANDLE handle;

            KernelJob(WinNT.HANDLE handle) {
                this.handle = handle;
            }

            @Override
            public void terminate(int exitCode) {
                if (!jobApi.TerminateJobObject(handle, exitCode)) {
                    throw new IllegalStateException("TerminateJobObject failed, error " + Kernel32.INSTANCE.GetLastError());
                }
            }

            @Override
            public void close() {
                Kernel32.INSTANCE.CloseHandle(handle);
            }
        }
    }
}
