package io.openclaw.deploy.agent.testing;

import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.PortRange;
import io.openclaw.deploy.agent.config.VerificationSettings;
import java.time.Duration;
import java.util.Set;

/** Agent settings for tests: ephemeral router and API ports, a private block of slot ports, quick timings. */
public final class TestConfigs {
    private TestConfigs() {}

    public static AgentConfig quick(Duration scaleDownDelay) {
        return quick(scaleDownDelay, Duration.ofSeconds(20));
    }

    public static AgentConfig quick(Duration scaleDownDelay, Duration startTimeout) {
        return quick(scaleDownDelay, startTimeout, 0, 0);
    }

    /** With fixed router and API ports, for an agent run as a separate process that clients find through its home. */
    public static AgentConfig withPorts(Duration scaleDownDelay, int routerPort, int apiPort) {
        AgentConfig quick = quick(scaleDownDelay, Duration.ofSeconds(20), routerPort, apiPort);
        AgentConfig.Supervision s = quick.supervision();
        // agent.yaml speaks whole seconds.
        return new AgentConfig(quick.listen(), quick.slots(), new AgentConfig.Supervision(s.startTimeout(),
                s.drainTimeout(), s.stopTimeout(), Duration.ofSeconds(1), s.healthTimeout(), s.failureThreshold(),
                Duration.ofSeconds(1), s.restartBackoffMax(), s.logMaxBytes(), s.logKeepFiles()), quick.releases())
                .withVerification(quick.verification());
    }

    private static AgentConfig quick(Duration scaleDownDelay, Duration startTimeout, int routerPort, int apiPort) {
        int base = slotPortBlock(routerPort, apiPort);
        AgentConfig d = AgentConfig.defaults();
        return new AgentConfig(
                new AgentConfig.Listen("127.0.0.1", routerPort, apiPort),
                new AgentConfig.Slots(
                        new PortRange(base, base + 14),
                        new PortRange(base + 20, base + 34),
                        new PortRange(base + 40, base + 99),
                        scaleDownDelay),
                new AgentConfig.Supervision(
                        startTimeout,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(2),
                        3,
                        Duration.ofMillis(200),
                        Duration.ofSeconds(2),
                        d.supervision().logMaxBytes(),
                        d.supervision().logKeepFiles()),
                d.releases())
                .withVerification(TEST_VERIFICATION);
    }

    /** A free block of 100 slot ports that holds neither listen port (which are free too until the agent binds them). */
    private static int slotPortBlock(int routerPort, int apiPort) {
        while (true) {
            int base = FreePorts.block(100);
            if (!within(base, routerPort) && !within(base, apiPort)) {
                return base;
            }
        }
    }

    private static boolean within(int base, int port) {
        return port >= base && port < base + 100;
    }

    /**
     * The verification of tests that are about something else: CPU and p95 latency only warn, because on a shared
     * 2-core test machine they measure the other builds as much as the release (the verification's own tests judge
     * them on their own settings).
     */
    public static final VerificationSettings TEST_VERIFICATION =
            VerificationSettings.DEFAULTS.withWarnOnly(Set.of("cpu", "p95_latency"));
}
