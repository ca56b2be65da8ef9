package io.openclaw.deploy.agent.monitoring;

import io.openclaw.deploy.agent.router.Backend;
import io.openclaw.deploy.agent.router.Router;
import io.openclaw.deploy.protocol.Availability;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The fleet as Prometheus sees it, read at each scrape: the agent's start time (uptime), the loops assigned (what
 * {@code openclaw_agent_loops_running} is compared with), each version's share of its loop's traffic, whether a
 * deployment is running, and the router's availability against the objective.
 */
public final class FleetGauges {
    static final String START_TIME = "openclaw_agent_start_time_seconds";
    static final String LOOPS_ASSIGNED = "openclaw_agent_loops_assigned";
    static final String TRAFFIC_SHARE = "openclaw_loop_traffic_share_percent";
    static final String DEPLOYMENT_RUNNING = "openclaw_deployment_running";
    static final String AVAILABILITY = "openclaw_availability_ratio";
    static final String AVAILABILITY_OBJECTIVE = "openclaw_availability_objective_ratio";

    private FleetGauges() {}

    public static void register(PrometheusRegistry registry, Clock clock, Router router, IntSupplier assignedLoops,
            BooleanSupplier deploymentRunning, AvailabilityMeter availability) {
        Gauge.builder()
                .name(START_TIME)
                .help("When this agent process started, seconds since the epoch (uptime = time() - this)")
                .unit(Unit.SECONDS)
                .register(registry)
                .set(clock.millis() / 1000.0);
        GaugeWithCallback.builder()
                .name(LOOPS_ASSIGNED)
                .help("Loops the fleet assigns a release to (spec 11.2's AgentLoopFailure compares loops running with it)")
                .callback(cb -> cb.call(assignedLoops.getAsInt()))
                .register(registry);
        GaugeWithCallback.builder()
                .name(TRAFFIC_SHARE)
                .help("Share of a loop's traffic the router gives a version in a slot, percent of the loop's weight")
                .labelNames("loop", "version", "slot")
                .callback(cb -> shares(router).forEach((key, share) -> cb.call(share, key.get(0), key.get(1),
                        key.get(2))))
                .register(registry);
        GaugeWithCallback.builder()
                .name(DEPLOYMENT_RUNNING)
                .help("1 while a deployment or rollback is running, else 0")
                .callback(cb -> cb.call(deploymentRunning.getAsBoolean() ? 1 : 0))
                .register(registry);
        GaugeWithCallback.builder()
                .name(AVAILABILITY)
                .help("Requests served without a 5xx or a router error over the router's last 5 minutes, ratio"
                        + " (absent without requests)")
                .callback(cb -> {
                    Availability a = availability.measure();
                    if (a.ratio() != null) {
                        cb.call(a.ratio());
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name(AVAILABILITY_OBJECTIVE)
                .help("The availability the agent is held to (0.9999)")
                .callback(cb -> cb.call(AvailabilityMeter.OBJECTIVE))
                .register(registry);
    }

    /** Percent per (loop, version, slot); loops with no weight at all have no share to report. */
    static Map<List<String>, Double> shares(Router router) {
        Map<List<String>, Double> shares = new TreeMap<>((a, b) -> String.join("\0", a).compareTo(String.join("\0", b)));
        for (Map.Entry<String, List<Backend>> loop : router.table().loops().entrySet()) {
            int total = loop.getValue().stream().mapToInt(Backend::weight).sum();
            if (total == 0) {
                continue;
            }
            for (Backend b : loop.getValue()) {
                shares.merge(List.of(loop.getKey(), b.version(), b.slot()), 100.0 * b.weight() / total, Double::sum);
            }
        }
        return shares;
    }
}
