package io.openclaw.deploy.agent.monitoring;

import io.openclaw.deploy.agent.rollout.DeploymentObserver;
import io.openclaw.deploy.protocol.Deployment;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.util.Locale;

/** Deployments and rollbacks on {@code /metrics}: how many ended in which state, and spec 11.1's rollback time. */
public final class DeploymentMetrics implements DeploymentObserver {
    static final String FINISHED = "openclaw_deployments_finished_total";
    static final String ROLLBACK_DURATION = "openclaw_rollback_duration_seconds";

    private final Counter finished;
    private final Histogram rollbackDuration;

    public DeploymentMetrics(PrometheusRegistry registry) {
        finished = Counter.builder()
                .name(FINISHED)
                .help("Deployments and rollbacks that ended, by kind (deploy, rollback) and final state")
                .labelNames("kind", "state")
                .register(registry);
        rollbackDuration = Histogram.builder()
                .name(ROLLBACK_DURATION)
                .help("Time from a rollback's start until the previous release serves again, by trigger"
                        + " (requested, automatic)")
                .unit(Unit.SECONDS)
                .labelNames("trigger")
                .classicOnly()
                // Spec 9.3's limits are 5 s (blue-green), 10 s (canary) and 300 s (rolling); spec 11.1 alerts at 30 s.
                .classicUpperBounds(0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300)
                .register(registry);
        for (RollbackTrigger trigger : RollbackTrigger.values()) {
            // Present from the start (zero counts), so that dashboards and rules find the series before any rollback.
            rollbackDuration.initLabelValues(label(trigger));
        }
    }

    @Override
    public void rolledBack(RollbackTrigger trigger, Duration took) {
        rollbackDuration.labelValues(label(trigger)).observe(Unit.nanosToSeconds(took.toNanos()));
    }

    @Override
    public void finished(Deployment deployment) {
        finished.labelValues(deployment.kind(), deployment.state().name()).inc();
    }

    private static String label(RollbackTrigger trigger) {
        return trigger.name().toLowerCase(Locale.ROOT);
    }
}
