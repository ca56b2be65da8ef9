package io.openclaw.deploy.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How deployments move traffic and when they roll back: the {@code canary}, {@code rolling_update} and
 * {@code rollback} sections of agent.yaml and {@code blue_green.cutover}, which a deployment's {@code options} may
 * override.
 */
public record RolloutConfig(Canary canary, Rolling rolling, Rollback rollback, Cutover cutover) {

    /**
     * How blue-green loops move their traffic (spec 5.3 {@code blue_green.cutover}).
     *
     * @param gradual      false: one atomic switch; true: the steps below, each analysed like a canary phase
     * @param steps        percentages of the new slot, rising, ending at 100
     * @param stepDuration how long each step below 100 is held
     */
    public record Cutover(boolean gradual, List<Integer> steps, Duration stepDuration) {
        public Cutover {
            steps = List.copyOf(steps);
        }

        /** The steps as canary phases. */
        public List<Phase> phases() {
            return steps.stream().map(p -> new Phase(p, p >= 100 ? Duration.ZERO : stepDuration)).toList();
        }
    }

    /** One canary step: the canary's share of traffic, held for {@code duration} (the last phase, 100, has none). */
    public record Phase(int percentage, Duration duration) {}

    /**
     * @param phases         canary steps, the last one at 100
     * @param checkInterval  period of the analysis
     * @param minRequests    fewer canary requests in the window make a check inconclusive
     * @param errorRateMax   highest share of failed canary requests that passes
     * @param latencyP95MaxMs highest canary p95 latency that passes
     * @param cpuMaxPercent  alert threshold of a canary instance's CPU (alert only)
     * @param segmentHeader  requests whose header of this name has one of {@code segmentValues} always reach the
     *                       canary; null for none
     * @param stickyHeader   requests carrying this header go by a hash of its value, so a user stays on one
     *                       version as the percentage rises; null for none
     * @param onInconclusive what a phase does when its duration has passed and no check in it passed
     */
    public record Canary(List<Phase> phases, Duration checkInterval, long minRequests, double errorRateMax,
                         long latencyP95MaxMs, double cpuMaxPercent, String segmentHeader,
                         List<String> segmentValues, String stickyHeader, OnInconclusive onInconclusive) {
        public Canary {
            phases = List.copyOf(phases);
            segmentValues = segmentValues == null ? List.of() : List.copyOf(segmentValues);
            onInconclusive = onInconclusive == null ? OnInconclusive.PAUSE : onInconclusive;
        }

        public Canary(List<Phase> phases, Duration checkInterval, long minRequests, double errorRateMax,
                long latencyP95MaxMs, double cpuMaxPercent, String segmentHeader, List<String> segmentValues,
                String stickyHeader) {
            this(phases, checkInterval, minRequests, errorRateMax, latencyP95MaxMs, cpuMaxPercent, segmentHeader,
                    segmentValues, stickyHeader, OnInconclusive.PAUSE);
        }
    }

    /**
     * What a canary phase (or gradual cutover step) does once its duration has passed without a passing check, the
     * last ones inconclusive (too few requests to judge): as Argo Rollouts does, it is not held silently.
     */
    public enum OnInconclusive {
        /** The deployment pauses, naming the loops and why, for a person to resume (go on), promote or abort. */
        PAUSE,
        /** The next phase starts anyway, and an event says so. */
        PROCEED,
        /** The deployment rolls back. */
        ROLLBACK;

        /** As written in agent.yaml: {@code pause}, {@code proceed}, {@code rollback}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param batchSize           instances replaced at a time; 0 means max(1, replicas/4)
     * @param stabilization       wait after a batch is healthy before the next one
     * @param maxFailuresPerBatch unhealthy new instances in one batch that stop the update and restore the old version
     */
    public record Rolling(int batchSize, Duration stabilization, int maxFailuresPerBatch) {}

    /**
     * @param autoRollback         a failed analysis rolls back (false: it is recorded and the deployment pauses)
     * @param window               sliding window of the error-rate and latency measurements
     * @param consecutiveFailures  failed health checks that make an instance unhealthy (the supervisor's threshold)
     * @param resources            the CPU and memory triggers of spec 9.1, which alert and never roll back
     * @param deploymentTimeout    a deployment still running this long after it was accepted (a phase held by a
     *                             person or by an inconclusive analysis included) rolls back
     */
    public record Rollback(boolean autoRollback, Duration window, int consecutiveFailures, ResourceAlerts resources,
                           Duration deploymentTimeout) {
        public static final Duration DEFAULT_DEPLOYMENT_TIMEOUT = Duration.ofHours(24);

        public Rollback {
            deploymentTimeout = deploymentTimeout == null ? DEFAULT_DEPLOYMENT_TIMEOUT : deploymentTimeout;
        }

        public Rollback(boolean autoRollback, Duration window, int consecutiveFailures, ResourceAlerts resources) {
            this(autoRollback, window, consecutiveFailures, resources, DEFAULT_DEPLOYMENT_TIMEOUT);
        }

        public Rollback(boolean autoRollback, Duration window, int consecutiveFailures) {
            this(autoRollback, window, consecutiveFailures, ResourceAlerts.DEFAULTS);
        }
    }

    /**
     * Spec 9.1: CPU above 80 % or memory above 85 % for 2 minutes raises an alert for a person to act on. Applies to
     * every running instance, inside and outside deployments.
     *
     * @param cpuMaxPercent    share of the whole machine's CPU (all logical processors) one instance may use
     * @param cpuFor           how long the CPU must stay above it before the alert
     * @param memoryMaxPercent share of the machine's physical memory one instance's resident set may take
     * @param memoryFor        how long the memory must stay above it before the alert
     */
    public record ResourceAlerts(double cpuMaxPercent, Duration cpuFor, double memoryMaxPercent, Duration memoryFor) {
        public static final ResourceAlerts DEFAULTS =
                new ResourceAlerts(80, Duration.ofMinutes(2), 85, Duration.ofMinutes(2));
    }

    public static final List<Phase> DEFAULT_PHASES = List.of(
            new Phase(5, Duration.ofMinutes(15)),
            new Phase(10, Duration.ofMinutes(15)),
            new Phase(25, Duration.ofMinutes(30)),
            new Phase(50, Duration.ofMinutes(30)),
            new Phase(100, Duration.ZERO));

    public RolloutConfig withCutover(Cutover newCutover) {
        return new RolloutConfig(canary, rolling, rollback, newCutover);
    }

    public static RolloutConfig defaults() {
        return new RolloutConfig(
                new Canary(DEFAULT_PHASES, Duration.ofSeconds(30), 50, 0.01, 500, 80, null, List.of(), null),
                new Rolling(0, Duration.ofSeconds(60), 1),
                new Rollback(true, Duration.ofSeconds(60), 3),
                new Cutover(false, List.of(10, 25, 50, 100), Duration.ofSeconds(30)));
    }
}
