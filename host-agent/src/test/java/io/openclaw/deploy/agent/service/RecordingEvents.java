package io.openclaw.deploy.agent.service;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects what would go to the Windows Event Log. */
final class RecordingEvents implements ServiceEvents {
    final List<String> entries = new CopyOnWriteArrayList<>();

    @Override
    public void started(String detail) {
        entries.add("started: " + detail);
    }

    @Override
    public void stopped(String detail) {
        entries.add("stopped: " + detail);
    }

    @Override
    public void failed(String detail) {
        entries.add("failed: " + detail);
    }
}
