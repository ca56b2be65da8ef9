package io.openclaw.deploy.agent.config;

import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The agent's settings, read from {@code conf/agent.yaml} (snake_case keys, spec shape). Every value has a default;
 * see {@code docs/configuration.md}.
 */
public record AgentConfig(Listen listen, Slots slots, Supervision supervision, Releases releases, RolloutConfig rollout,
                          Flags flags, RouterLimits routerLimits, VerificationSettings verification) {

    /** Settings with the default verification thresholds. */
    public AgentConfig(Listen listen, Slots slots, Supervision supervision, Releases releases, RolloutConfig rollout,
            Flags flags, RouterLimits routerLimits) {
        this(listen, slots, supervision, releases, rollout, flags, routerLimits, VerificationSettings.DEFAULTS);
    }

    /** Settings with the default router limits. */
    public AgentConfig(Listen listen, Slots slots, Supervision supervision, Releases releases, RolloutConfig rollout,
            Flags flags) {
        this(listen, slots, supervision, releases, rollout, flags, RouterLimits.DEFAULT);
    }

    /** Settings with the default OFREP listener. */
    public AgentConfig(Listen listen, Slots slots, Supervision supervision, Releases releases, RolloutConfig rollout) {
        this(listen, slots, supervision, releases, rollout, Flags.DEFAULT);
    }

    /** Settings with the default rollout behaviour (canary phases, rolling batches, rollback triggers). */
    public AgentConfig(Listen listen, Slots slots, Supervision supervision, Releases releases) {
        this(listen, slots, supervision, releases, RolloutConfig.defaults());
    }

    public AgentConfig withRollout(RolloutConfig newRollout) {
        return new AgentConfig(listen, slots, supervision, releases, newRollout, flags, routerLimits, verification);
    }

    public AgentConfig withFlags(Flags newFlags) {
        return new AgentConfig(listen, slots, supervision, releases, rollout, newFlags, routerLimits, verification);
    }

    public AgentConfig withRouterLimits(RouterLimits newLimits) {
        return new AgentConfig(listen, slots, supervision, releases, rollout, flags, newLimits, verification);
    }

    public AgentConfig withVerification(VerificationSettings newVerification) {
        return new AgentConfig(listen, slots, supervision, releases, rollout, flags, routerLimits, newVerification);
    }

    /**
     * What the router allows a client ({@code router:} in agent.yaml), so that no client can hold its connections or
     * memory without bound.
     *
     * @param headerTimeout          a request's header must be complete this long after its first byte (or after the
     *                               connection opened)
     * @param idleTimeout            a keep-alive connection with no request in progress is closed after this long
     * @param maxConnections         client connections open at once; beyond it new ones are closed at once
     * @param maxRequestBodyBytes    largest request body forwarded to a loop (413 beyond)
     * @param maxRequestBodyBytesPerLoop loops whose limit differs from {@code maxRequestBodyBytes}
     */
    public record RouterLimits(Duration headerTimeout, Duration idleTimeout, int maxConnections,
                               long maxRequestBodyBytes, Map<String, Long> maxRequestBodyBytesPerLoop) {
        public static final RouterLimits DEFAULT = new RouterLimits(
                Duration.ofSeconds(10), Duration.ofSeconds(60), 2048, 8L * 1024 * 1024, Map.of());

        public RouterLimits {
            maxRequestBodyBytesPerLoop = maxRequestBodyBytesPerLoop == null
                    ? Map.of() : Map.copyOf(maxRequestBodyBytesPerLoop);
        }
    }

    /**
     * Where the OFREP listener of the feature flags listens ({@code flags.listen}).
     *
     * @param port 0 for any free port
     */
    public record Flags(String bind, int port) {
        public static final Flags DEFAULT = new Flags("127.0.0.1", 8016);
    }

    /** Where the agent listens. */
    public record Listen(String bind, int routerPort, int apiPort) {}

    /**
     * Ports of the two slots; {@code extraPorts} serves instances beyond a slot's own range (replicas, surge).
     *
     * @param scaleDownDelay how long the old slot keeps running after a switch, so that a rollback is a routing switch
     */
    public record Slots(PortRange blue, PortRange green, PortRange extraPorts, Duration scaleDownDelay) {}

    /**
     * How loop processes are watched and stopped.
     *
     * @param startTimeout     how long a new instance may take to become healthy
     * @param drainTimeout     how long in-flight requests may run after an instance leaves rotation
     * @param stopTimeout      how long a process may take to exit after being asked, before its tree is killed
     * @param healthInterval   period of health checks of running instances
     * @param healthTimeout    default timeout of one health check (a manifest may set its own)
     * @param failureThreshold consecutive failed checks that make an instance unhealthy
     * @param restartBackoffInitial first delay before restarting a crashed instance; doubles up to the max
     * @param restartBackoffMax     longest delay between restarts
     * @param logMaxBytes      size at which an instance's log file is rotated
     * @param logKeepFiles     rotated files kept per instance
     */
    public record Supervision(
            Duration startTimeout,
            Duration drainTimeout,
            Duration stopTimeout,
            Duration healthInterval,
            Duration healthTimeout,
            int failureThreshold,
            Duration restartBackoffInitial,
            Duration restartBackoffMax,
            long logMaxBytes,
            int logKeepFiles) {}

    /**
     * @param keep             releases kept on disk (the active and previous ones are never removed)
     * @param maxArtifactBytes largest artifact accepted by upload
     * @param artifactGrace    how long an artifact no kept release refers to stays after its upload
     */
    public record Releases(int keep, long maxArtifactBytes, Duration artifactGrace) {
        public static final Duration DEFAULT_ARTIFACT_GRACE = Duration.ofHours(24);

        public Releases(int keep, long maxArtifactBytes) {
            this(keep, maxArtifactBytes, DEFAULT_ARTIFACT_GRACE);
        }
    }

    /**
     * The ports of {@link Slots#extraPorts()} that may be given to instances: the range less the router and API
     * ports, which the extra range may span (the default 8040-8199 holds the router's 8080).
     */
    public IntStream allocatableExtraPorts() {
        return slots.extraPorts().ports().filter(p -> p != listen.routerPort() && p != listen.apiPort());
    }

    public static AgentConfig defaults() {
        return new AgentConfig(
                new Listen("127.0.0.1", 8080, 7443),
                new Slots(
                        new PortRange(8000, 8014),
                        new PortRange(8020, 8034),
                        new PortRange(8040, 8199),
                        Duration.ofSeconds(30)),
                new Supervision(
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(5),
                        3,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(30),
                        10L * 1024 * 1024,
                        5),
                new Releases(5, 1024L * 1024 * 1024));
    }
}
