package io.openclaw.deploy.agent.supervisor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The processes a test has seen, killed with their trees at the end whatever the test did. */
final class SeenProcesses {
    private final List<ProcessHandle> seen = new CopyOnWriteArrayList<>();

    ProcessHandle track(long pid) {
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        seen.add(handle);
        return handle;
    }

    void addAll(List<ProcessHandle> processes) {
        seen.addAll(processes);
    }

    void killAll() {
        seen.forEach(SampleLoopFixture::killTree);
    }
}
