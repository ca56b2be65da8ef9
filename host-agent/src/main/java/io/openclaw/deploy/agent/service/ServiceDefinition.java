package io.openclaw.deploy.agent.service;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@code service install} registers.
 *
 * @param account         the account the service runs as; empty = the manager's default (LocalSystem on Windows,
 *                        root under systemd)
 * @param restartDelays   failure actions: restart after each delay in turn, the last one repeating
 * @param failureReset    after this long without a failure the delays start again from the first
 * @param stopTimeout     how long a stop may take (drain + loop stop + journal); the preshutdown timeout on Windows,
 *                        TimeoutStopSec under systemd
 */
public record ServiceDefinition(
        String name,
        String displayName,
        String description,
        ServiceInvocation invocation,
        Optional<String> account,
        List<Duration> restartDelays,
        Duration failureReset,
        Duration stopTimeout) {

    public static final String NAME = "OpenClawAgent";

    public ServiceDefinition {
        if (!name.matches("[A-Za-z][A-Za-z0-9_.-]{0,79}")) {
            throw new IllegalArgumentException("not a usable service name: " + name);
        }
        restartDelays = List.copyOf(restartDelays);
        if (restartDelays.isEmpty()) {
            throw new IllegalArgumentException("at least one restart delay is required");
        }
        if (account.isPresent() && account.get().isBlank()) {
            throw new IllegalArgumentException("the account name is empty");
        }
    }

    /** The agent's service, with restarts after 10 s, 30 s, then every 60 s, counted afresh after a day. */
    public static ServiceDefinition agent(ServiceInvocation invocation, Optional<String> account, Duration stopTimeout) {
        return new ServiceDefinition(NAME, "OpenClaw Deploy Agent",
                "Supervises the OpenClaw loops, routes their traffic and deploys new releases without downtime.",
                invocation, account,
                List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)),
                Duration.ofDays(1), stopTimeout);
    }
}
