package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.flags.FlagsEndpoint;
import io.openclaw.deploy.agent.release.InstalledRelease;
import io.openclaw.deploy.agent.release.LoopSpec;
import io.openclaw.deploy.agent.release.Placeholders;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a loop of a release into the concrete process of one instance: placeholders expanded, identity in env. */
final class InstancePlanner {
    private final AgentHome home;
    private final String java;

    InstancePlanner(AgentHome home) {
        this.home = home;
        this.java = javaExecutable();
    }

    InstanceSpec plan(InstalledRelease release, LoopSpec loop, String slot, int index, int port) {
        String id = InstanceSpec.instanceId(loop.name(), slot, index);
        Path dataDir = home.slotData(slot);
        Map<String, String> values = Map.of(
                "PORT", Integer.toString(port),
                "LOOP", loop.name(),
                "SLOT", slot,
                "VERSION", release.version(),
                "INSTALL_DIR", release.dir().toString(),
                "DATA_DIR", dataDir.toString(),
                "JAVA", java);
        List<String> command = loop.command().stream().map(arg -> Placeholders.expand(arg, values)).toList();
        Map<String, String> env = new LinkedHashMap<>();
        loop.env().forEach((key, value) -> env.put(key, Placeholders.expand(value, values)));
        env.put("OPENCLAW_PORT", Integer.toString(port));
        env.put("OPENCLAW_LOOP", loop.name());
        env.put("OPENCLAW_VERSION", release.version());
        env.put("OPENCLAW_SLOT", slot);
        env.put("OPENCLAW_INSTANCE", id);
        env.put("OPENCLAW_DATA_DIR", dataDir.toString());
        // The slot's own copy of the loop's state (spec 3.3): the agent migrates it between slots at a deployment.
        if (loop.state().dir() != null) {
            env.put("OPENCLAW_STATE_DIR", dataDir.resolve(loop.state().dir()).toString());
        }
        if (loop.state().redis() != null) {
            env.put("OPENCLAW_STATE_REDIS_URL", loop.state().redis().url().toString());
            env.put("OPENCLAW_STATE_REDIS_PREFIX", loop.state().redis().slotPrefix(slot));
        }
        FlagsEndpoint.current(home).ifPresent(flags -> env.putAll(flags.environment()));
        return new InstanceSpec(
                id, loop.name(), release.version(), slot, index, port, command, env, release.dir(), loop.health(),
                loop.shutdown());
    }

    /** The java running the agent, which is what {@code ${JAVA}} means. */
    private static String javaExecutable() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
