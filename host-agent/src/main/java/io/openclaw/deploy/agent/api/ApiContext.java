package io.openclaw.deploy.agent.api;

import io.openclaw.deploy.agent.flags.FlagOperations;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * What every connection of the control API shares.
 *
 * @param blocking    runs the calls that may block (the agent's operations, artifact writes) off the event loops
 * @param fingerprint of the API certificate, reported in {@code /v1/status}
 * @param flags       the flag admin operations ({@code /v1/flags...}), or null when this agent serves no flags
 */
record ApiContext(
        AgentOperations operations,
        ApiToken token,
        ExecutorService blocking,
        String fingerprint,
        int maxJsonBytes,
        Duration heartbeat,
        FlagOperations flags) {}
