package io.openclaw.deploy.agent.supervisor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event the supervisor delivers, in order. */
final class EventRecorder implements SupervisorListener {
    private final List<InstanceEvent> events = new CopyOnWriteArrayList<>();
    private volatile boolean failAfterRecording;

    @Override
    public void onEvent(InstanceEvent event) {
        events.add(event);
        if (failAfterRecording) {
            throw new IllegalStateException("listener failure injected by the test");
        }
    }

    /** Makes every later call throw after recording, as a careless listener would. */
    void failAfterRecording() {
        failAfterRecording = true;
    }

    List<InstanceEvent> events() {
        return List.copyOf(events);
    }

    List<InstanceEvent.Kind> kinds(String instanceId) {
        return events.stream()
                .filter(e -> e.instance().spec().id().equals(instanceId))
                .map(InstanceEvent::kind)
                .toList();
    }

    List<InstanceEvent> of(String instanceId, InstanceEvent.Kind kind) {
        return events.stream()
                .filter(e -> e.instance().spec().id().equals(instanceId) && e.kind() == kind)
                .toList();
    }
}
