package io.openclaw.deploy.agent.service.systemd;

import io.openclaw.deploy.agent.service.ServiceDefinition;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The systemd unit of the agent. Its choices follow from the loops outliving the agent:
 * <ul>
 *   <li>{@code KillMode=process}: on stop and on a crash-restart systemd signals only the agent's JVM; the router
 *       process and the loops keep serving for the next agent to adopt (or are stopped by the agent when a full stop
 *       was asked for). The default {@code control-group} would kill every loop and the router with the agent.</li>
 *   <li>{@code TimeoutStopSec}: covers a full stop (draining the router and stopping every loop), after which systemd
 *       kills the JVM.</li>
 *   <li>{@code SuccessExitStatus=143}: a JVM ends with 128+SIGTERM after its shutdown hooks ran; that is a clean stop.</li>
 *   <li>{@code Restart=on-failure} with a pause, so a crash brings the agent back and it adopts the loops.</li>
 *   <li>{@code Nice=-10}: the agent's start is CPU (class loading, JIT: about 1.8 s of CPU in 1.1 s on two cores),
 *       and after a crash it competes with its own loops and router, which may be saturating the host; above them it
 *       is back in control sooner. The kernel shares CPU by weight, and at -5 an agent thread weighs three nice-0
 *       threads, which a saturated host's router, loops and clients outnumber; at -10 it weighs nine (closer to
 *       Windows' {@code ABOVE_NORMAL_PRIORITY_CLASS}, which runs first outright). The agent's own work after its start
 *       is small and bursty (docs/reliability.md has both). systemd sets it before dropping to {@code User=}; the
 *       agent launches its children back at nice 0 ({@code supervisor.NormalPriority}), so the loops get no advantage
 *       over the host's other work.</li>
 * </ul>
 */
public record SystemdUnit(ServiceDefinition definition) {

    public String fileName() {
        return definition.name() + ".service";
    }

    public String text() {
        long stopSeconds = Math.max(1, definition.stopTimeout().toSeconds());
        long restartSeconds = Math.max(1, definition.restartDelays().get(0).toSeconds());
        StringBuilder unit = new StringBuilder();
        unit.append("[Unit]\n")
                .append("Description=").append(definition.displayName()).append('\n')
                .append("Documentation=file:").append(definition.invocation().home().resolve("docs")).append('\n')
                .append("After=network-online.target\n")
                .append("Wants=network-online.target\n")
                .append('\n')
                .append("[Service]\n")
                .append("Type=exec\n");
        definition.account().ifPresent(user -> unit.append("User=").append(user).append('\n'));
        unit.append("WorkingDirectory=").append(escape(definition.invocation().home().toString())).append('\n')
                .append("ExecStart=").append(execStart(definition.invocation().arguments())).append('\n')
                .append("Restart=on-failure\n")
                .append("RestartSec=").append(restartSeconds).append('\n')
                .append("Nice=-10\n")
                .append("KillMode=process\n")
                .append("KillSignal=SIGTERM\n")
                .append("TimeoutStopSec=").append(stopSeconds).append('\n')
                .append("SuccessExitStatus=143\n")
                .append("UMask=0077\n")
                .append('\n')
                .append("[Install]\n")
                .append("WantedBy=multi-user.target\n");
        return unit.toString();
    }

    /** ExecStart words: quoted where they hold a space or quote, with systemd's C-style escapes inside quotes. */
    static String execStart(List<String> arguments) {
        return arguments.stream().map(SystemdUnit::word).collect(Collectors.joining(" "));
    }

    private static String word(String argument) {
        if (argument.chars().anyMatch(c -> c == '\n' || c == '\0')) {
            throw new IllegalArgumentException("a unit argument cannot contain NUL or line breaks: " + argument);
        }
        // '%' starts a unit specifier and '$' an environment expansion in ExecStart: both are doubled to stay literal.
        String literal = argument.replace("%", "%%").replace("$", "$$");
        if (!literal.isEmpty() && literal.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"' || c == '\''
                || c == '\\' || c == ';')) {
            return literal;
        }
        return "\"" + literal.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String escape(String path) {
        return path.replace("%", "%%");
    }
}
