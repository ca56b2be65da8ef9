package io.openclaw.deploy.agent.service;

import java.util.ArrayList;
import java.util.List;

/** Stands in for the Service Control Manager: records every status the service reports, in order. */
final class FakeScm implements StatusReporter {
    private final List<ServiceStatus> reports = new ArrayList<>();

    @Override
    public synchronized void report(ServiceStatus status) {
        reports.add(status);
    }

    synchronized List<ServiceStatus> reports() {
        return List.copyOf(reports);
    }

    synchronized List<ServiceState> states() {
        List<ServiceState> states = new ArrayList<>();
        for (ServiceStatus status : reports) {
            if (states.isEmpty() || states.get(states.size() - 1) != status.state()) {
                states.add(status.state());
            }
        }
        return states;
    }

    synchronized List<ServiceStatus> in(ServiceState state) {
        return reports.stream().filter(s -> s.state() == state).toList();
    }

    synchronized ServiceStatus last() {
        return reports.get(reports.size() - 1);
    }
}
