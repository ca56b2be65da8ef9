package io.openclaw.deploy.demo;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentClientException;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.EventTypes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Follows a deployment to its end, printing its milestones as they happen, and keeps every event for the figures. */
final class DeploymentWatch {
    private final AgentClient client;
    private final PrintStream out;

    DeploymentWatch(AgentClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /** How a deployment ended, with all its events. */
    record Watched(Deployment deployment, List<DeploymentEvent> events) {
        Optional<DeploymentEvent> first(Predicate<DeploymentEvent> which) {
            return events.stream().filter(which).findFirst();
        }

        List<DeploymentEvent> all(Predicate<DeploymentEvent> which) {
            return events.stream().filter(which).toList();
        }

        /** The routing change of a blue-green switch, in microseconds; 0 when there was none. */
        long switchMicros() {
            return first(e -> e.type().equals(EventTypes.TRAFFIC_SWITCHED))
                    .map(e -> e.data().get("switchMicros") instanceof Number n ? n.longValue() : 0L)
                    .orElse(0L);
        }
    }

    Watched follow(Deployment started) throws AgentClientException {
        return follow(started, null);
    }

    /**
     * Like {@link #follow(Deployment)}, but aborts the deployment once {@code limit} has passed, so that a canary whose
     * checks stay inconclusive (too little traffic on a slow machine) cannot hold the demo forever; the deployment then
     * ends rolled back by that abort and the report says so.
     */
    Watched follow(Deployment started, Duration limit) throws AgentClientException {
        if (limit == null) {
            return followToEnd(started);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-time-limit");
            t.setDaemon(true);
            return t;
        });
        timer.schedule(() -> abort(started, limit), limit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return followToEnd(started);
        } finally {
            timer.shutdownNow();
        }
    }

    private void abort(Deployment started, Duration limit) {
        String why = "the demo's time limit of " + limit.toSeconds() + " s";
        out.println("      " + why + " has passed: aborting " + started.id());
        try {
            client.abort(started.id(), why);
        } catch (AgentClientException e) {
            out.println("      could not abort " + started.id() + ": " + e.getMessage());
        }
    }

    private Watched followToEnd(Deployment started) throws AgentClientException {
        List<DeploymentEvent> events = new ArrayList<>();
        client.followEvents(started.id(), 0, event -> {
            events.add(event);
            if (isMilestone(event)) {
                out.printf(Locale.ROOT, "      #%-3d %-11s %s%n", event.seq(), event.state(), event.message());
            }
        });
        return new Watched(client.deployment(started.id()), List.copyOf(events));
    }

    private static boolean isMilestone(DeploymentEvent event) {
        return switch (event.type()) {
            case EventTypes.STATE, EventTypes.TRAFFIC_SWITCHED, EventTypes.COMPLETED, EventTypes.ROLLBACK_STARTED,
                    EventTypes.PROMOTED -> true;
            case EventTypes.WEIGHTS_CHANGED -> event.data().containsKey("flag");
            case EventTypes.ANALYSIS -> "fail".equals(event.data().get("result"));
            case EventTypes.INFO -> Boolean.TRUE.equals(event.data().get("retired"));
            default -> false;
        };
    }
}
