package io.openclaw.deploy.agent.release;

import io.openclaw.deploy.agent.config.DependencyTarget;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One loop of a release, as declared in {@code openclaw.yaml}. {@code command} and {@code env} values may hold the
 * placeholders {@code ${PORT} ${LOOP} ${SLOT} ${VERSION} ${INSTALL_DIR} ${DATA_DIR} ${JAVA}}, expanded per instance.
 *
 * @param shutdown how the loop is asked to stop before the signal; {@link ShutdownRequest#NONE} when not declared
 * @param dependencies what the loop needs to reach (TCP or HTTP targets), checked by the release verification
 * @param state what state the loop keeps, carried between slots by a deployment; {@link StateSpec#NONE} when none
 */
public record LoopSpec(
        String name,
        LoopStrategy strategy,
        int replicas,
        List<String> command,
        HealthCheck health,
        Map<String, String> env,
        ShutdownRequest shutdown,
        List<DependencyTarget> dependencies,
        StateSpec state) {

    public LoopSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        shutdown = shutdown == null ? ShutdownRequest.NONE : shutdown;
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        state = state == null ? StateSpec.NONE : state;
    }

    /** A loop that keeps no state the agent migrates. */
    public LoopSpec(String name, LoopStrategy strategy, int replicas, List<String> command, HealthCheck health,
            Map<String, String> env, ShutdownRequest shutdown, List<DependencyTarget> dependencies) {
        this(name, strategy, replicas, command, health, env, shutdown, dependencies, StateSpec.NONE);
    }

    /** A loop that declares no dependencies. */
    public LoopSpec(String name, LoopStrategy strategy, int replicas, List<String> command, HealthCheck health,
            Map<String, String> env, ShutdownRequest shutdown) {
        this(name, strategy, replicas, command, health, env, shutdown, List.of());
    }

    /** A loop without an HTTP shutdown request. */
    public LoopSpec(
            String name, LoopStrategy strategy, int replicas, List<String> command, HealthCheck health, Map<String, String> env) {
        this(name, strategy, replicas, command, health, env, ShutdownRequest.NONE);
    }

    /** The command with its placeholders replaced (see {@link Placeholders#expand}). */
    public List<String> expandedCommand(Map<String, String> placeholderValues) {
        return command.stream().map(arg -> Placeholders.expand(arg, placeholderValues)).toList();
    }

    /** The manifest's environment with its placeholders replaced. */
    public Map<String, String> expandedEnv(Map<String, String> placeholderValues) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((k, v) -> out.put(k, Placeholders.expand(v, placeholderValues)));
        return Map.copyOf(out);
    }
}
