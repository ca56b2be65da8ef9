package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.agent.runtime.StartStep;
import io.openclaw.deploy.protocol.Json;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The first use of the JSON mapper and of logging cost a client command about 0.1 s of class initialisation (Jackson's
 * date format and modules; SLF4J starting its logger, {@link SimpleClientLogging}), and neither depends on what
 * the command is asked to do. Begun on a second thread before picocli builds its model of the command, they overlap
 * it on a host with a core to spare, instead of following it (docs/cli.md, "Start-up time"). The command waits for
 * the warm-up ({@link #await}) before it makes its client: a logger asked for while SLF4J is still starting gets a
 * stand-in whose calls SLF4J replays later with a warning on stderr, and Netty asks for its loggers as it starts.
 */
final class ClientWarmUp {
    /** The commands that call an agent: all but these. */
    private static final Set<String> NOT_CLIENTS = Set.of("serve", "service", "init", "help");

    private static volatile StartStep<?> warmUp;

    private ClientWarmUp() {}

    /** Whether {@code args} run a command that calls an agent (a known one: a typo gets its error at once). */
    static boolean isClientCall(String[] args, Set<String> commands) {
        return args.length > 0 && commands.contains(args[0]) && !NOT_CLIENTS.contains(args[0]);
    }

    static void begin() {
        warmUp = StartStep.begin("client-warm-up", () -> {
            Json.mapper();
            return LoggerFactory.getILoggerFactory();
        });
    }

    /** Waits for the warm-up if one was begun; a failure of it is left to the command's own first use to report. */
    static void await() {
        StartStep<?> step = warmUp;
        if (step != null) {
            step.discard(done -> { });
        }
    }
}
