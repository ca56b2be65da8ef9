package io.openclaw.deploy.agent.supervisor.windows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for kernel32 on Linux, for {@link WindowsProcessControl}: jobs are recorded and their terminate kills the
 * real process tree, as TerminateJobObject would; the console control event is answered as the test says (by default
 * not, as for a loop started by the service, which has no console).
 */
public final class FakeKernel32 implements Win32Processes {
    public final Map<String, FakeJob> existing = new ConcurrentHashMap<>();
    public final List<String> created = new CopyOnWriteArrayList<>();
    public final List<FakeJob> jobs = new CopyOnWriteArrayList<>();
    public final List<Long> ctrlCSentTo = new CopyOnWriteArrayList<>();
    public volatile boolean failCreate;
    public volatile boolean consoleAnswers;

    @Override
    public Optional<Job> openJob(String name) {
        return Optional.ofNullable(existing.get(name));
    }

    @Override
    public Job createJob(String name, long pid) {
        if (failCreate) {
            throw new IllegalStateException("AssignProcessToJobObject failed, error 5");
        }
        created.add(name);
        FakeJob job = new FakeJob(name, ProcessHandle.of(pid).orElseThrow());
        jobs.add(job);
        return job;
    }

    @Override
    public boolean sendConsoleCtrlC(long pid) {
        ctrlCSentTo.add(pid);
        return consoleAnswers;
    }

    /** The job made for the process {@code pid}, if any. */
    public Optional<FakeJob> jobOf(long pid) {
        return jobs.stream().filter(j -> j.root.pid() == pid).findFirst();
    }

    /** A job whose terminate kills its process tree, as TerminateJobObject would. */
    public static final class FakeJob implements Win32Processes.Job {
        final String name;
        final ProcessHandle root;
        public volatile boolean terminated;
        public volatile boolean closed;

        FakeJob(String name, ProcessHandle root) {
            this.name = name;
            this.root = root;
        }

        @Override
        public void terminate(int exitCode) {
            terminated = true;
            root.descendants().forEach(ProcessHandle::destroyForcibly);
            root.destroyForcibly();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
