package io.openclaw.deploy.agent.supervisor.windows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for kernel32 on Linux, for {@link WindowsProcessControl}: jobs are recorded and their terminate kills the
 * real process tree, as TerminateJobObject would; the console control event is answered as the test says (by default
 * not). A job's name lives as Windows lets it: while some handle to it is open, the agent's or one duplicated into a
 * process ({@link #keepAlive}, closed when that process exits).
 */
public final class FakeKernel32 implements Win32Processes {
    /** Named jobs that still exist, by name. */
    public final Map<String, FakeJob> existing = new ConcurrentHashMap<>();
    public final List<String> created = new CopyOnWriteArrayList<>();
    public final List<FakeJob> jobs = new CopyOnWriteArrayList<>();
    public final List<Long> ctrlCSentTo = new CopyOnWriteArrayList<>();
    public volatile boolean failCreate;
    public volatile boolean consoleAnswers;

    @Override
    public Optional<Job> openJob(String name) {
        FakeJob job = existing.get(name);
        if (job == null) {
            return Optional.empty();
        }
        job.holders.add(AGENT);
        return Optional.of(job);
    }

    @Override
    public Job createJob(String name, long pid) {
        if (failCreate) {
            throw new IllegalStateException("AssignProcessToJobObject failed, error 5");
        }
        created.add(name);
        FakeJob job = new FakeJob(name, ProcessHandle.of(pid).orElseThrow());
        job.owner = this;
        job.holders.add(AGENT);
        existing.put(name, job);
        jobs.add(job);
        return job;
    }

    @Override
    public void keepAlive(Job job, long pid) {
        FakeJob fake = (FakeJob) job;
        String holder = "pid " + pid;
        fake.holders.add(holder);
        ProcessHandle.of(pid).ifPresentOrElse(p -> p.onExit().thenRun(() -> fake.release(holder)),
                () -> fake.release(holder));
    }

    /** The agent process ends without closing anything: Windows closes every handle it had. */
    public void agentDied() {
        jobs.forEach(job -> job.release(AGENT));
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

    private static final String AGENT = "agent";

    /** A job whose terminate kills its process tree, as TerminateJobObject would. */
    public static final class FakeJob implements Win32Processes.Job {
        final String name;
        final ProcessHandle root;
        final Set<String> holders = ConcurrentHashMap.newKeySet();
        FakeKernel32 owner;
        public volatile boolean terminated;
        public volatile boolean closed;

        /** A job a previous agent made (put it in {@link FakeKernel32#existing}). */
        public FakeJob(String name, ProcessHandle root) {
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
            release(AGENT);
        }

        /** The name goes with the last handle. */
        void release(String holder) {
            holders.remove(holder);
            if (holders.isEmpty() && owner != null) {
                owner.existing.remove(name, this);
            }
        }
    }
}
