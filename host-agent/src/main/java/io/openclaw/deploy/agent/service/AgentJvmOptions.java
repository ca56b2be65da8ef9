package io.openclaw.deploy.agent.service;

import java.util.List;

/**
 * The JVM options a long-running agent (serve, service) starts with, before any the operator adds (later ones
 * win: {@code --jvm-option} of {@code service install}, {@code OPENCLAW_JAVA_OPTS} of the launcher). Left alone, a
 * JVM sizes its heap to a quarter of the machine's memory and grows into it; the agent needs a few tens of MB
 * (routing tables, deployments, flags; the traffic goes through the router process). The serial collector has no
 * per-region bookkeeping and one thread, and the agent's work does not need C2's peak code (issue 11: RSS goal
 * 150 MB with the 15-loop sample app). docs/configuration.md, "Memory of the agent", says how to change them.
 *
 * <p>bin/openclaw-agent and bin/openclaw-agent.cmd carry the same list (AgentJvmOptionsTest compares them).
 */
public final class AgentJvmOptions {
    public static final List<String> SERVER = List.of("-Xms32m", "-Xmx128m", "-XX:MaxDirectMemorySize=32m",
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=32m");

    private AgentJvmOptions() {
    }
}
