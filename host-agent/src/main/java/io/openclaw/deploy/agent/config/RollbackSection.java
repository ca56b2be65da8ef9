package io.openclaw.deploy.agent.config;

import io.openclaw.deploy.agent.config.yaml.YamlObject;
import java.time.Duration;

/**
 * {@code rollback:} whether a failed analysis rolls back by itself, and its triggers (spec 9.3). The error-rate and
 * latency thresholds given here are what {@code canary.thresholds} defaults to.
 */
final class RollbackSection {
    static final String KEY = "rollback";

    /** What the section holds besides {@link RolloutConfig.Rollback}: the thresholds the canary section defaults to. */
    record Triggers(RolloutConfig.Rollback rollback, double errorRate, long latencyP95Ms) {}

    private RollbackSection() {}

    static Triggers read(YamlObject section, RolloutConfig.Rollback d, RolloutConfig.Canary canaryDefaults) {
        YamlObject auto = section.object("auto_rollback");
        boolean enabled = auto.bool("enabled", d.autoRollback());
        YamlObject triggers = auto.object("triggers");
        YamlObject errorRate = triggers.object("error_rate");
        double threshold = Decimals.read(errorRate, "threshold", canaryDefaults.errorRateMax(), 0, 1);
        Duration window = errorRate.durationInAnyUnit("window", d.window());
        errorRate.rejectUnknown();
        YamlObject latency = triggers.object("latency");
        long p95 = latency.longInteger("p95_threshold_ms", canaryDefaults.latencyP95MaxMs(), 1, Integer.MAX_VALUE);
        latency.rejectUnknown();
        YamlObject health = triggers.object("health_check");
        int consecutive = health.integer("consecutive_failures", d.consecutiveFailures(), 1, 100);
        health.rejectUnknown();
        RolloutConfig.ResourceAlerts resources = ResourceTriggers.read(triggers, d.resources());
        triggers.rejectUnknown();
        auto.rejectUnknown();
        // The spec's rollback time budgets are targets the agent reports against, not settings that change behaviour;
        // they are accepted so that a file in the spec's shape loads.
        YamlObject procedures = section.object("procedures");
        for (String strategy : new String[] {"blue_green", "rolling", "canary"}) {
            YamlObject p = procedures.object(strategy);
            p.durationInAnyUnit("max_rollback_time", Duration.ofSeconds(1));
            p.rejectUnknown();
        }
        procedures.rejectUnknown();
        Duration timeout = section.durationInAnyUnit("deployment_timeout", d.deploymentTimeout());
        section.rejectUnknown();
        return new Triggers(new RolloutConfig.Rollback(enabled, window, consecutive, resources, timeout), threshold,
                p95);
    }

    static void write(ConfigFile f, RolloutConfig.Rollback r, RolloutConfig.Canary c) {
        f.section(KEY, "Automatic rollback of canaries and gradual cutovers when the analysis fails.")
                .section("auto_rollback", null)
                .value("enabled", r.autoRollback(),
                        "false: a failed check is recorded and the deployment pauses for a person to decide.")
                .section("triggers", null)
                .section("error_rate", null)
                .value("threshold", c.errorRateMax(), "Default of canary.thresholds.error_rate_max.")
                .value("window_seconds", r.window().toSeconds(),
                        "Sliding window of the error-rate and latency measurements.")
                .end()
                .section("latency", null)
                .value("p95_threshold_ms", c.latencyP95MaxMs(), "Default of canary.thresholds.latency_p95_max_ms.")
                .end()
                .section("health_check", null)
                .value("consecutive_failures", r.consecutiveFailures(),
                        "Failed health checks of a canary instance that fail the analysis.")
                .end();
        ResourceTriggers.write(f, r.resources());
        f.end()
                .end()
                .value("deployment_timeout_minutes", r.deploymentTimeout().toMinutes(), "A deployment still running"
                        + " this long after it was accepted (paused ones too) is rolled back.")
                .end();
    }
}
