package io.openclaw.deploy.agent.cli;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.nio.NioIoHandler;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentList;
import io.openclaw.deploy.protocol.Json;
import io.openclaw.deploy.protocol.VerificationReport;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * The first use of the JSON mapper and of logging cost a client command about 0.1 s of class initialisation (Jackson's
 * date format and modules; SLF4J starting its logger, {@link SimpleClientLogging}), and neither depends on what
 * the command is asked to do. Begun on a second thread before picocli builds its model of the command, they overlap
 * it on a host with a core to spare, instead of following it (docs/cli.md, "Start-up time"). The command waits for
 * that part ({@link #await}) before it makes its client: a logger asked for while SLF4J is still starting gets a
 * stand-in whose calls SLF4J replays later with a warning on stderr, and Netty asks for its loggers as it starts.
 *
 * <p>The same thread then reads ahead, while the command makes its client and connects: Netty's parts of a first
 * connection, and Jackson's deserializers of the answers the command will read (building them by reflection took a
 * {@code status} 50 ms; Jackson builds one deserializer at a time and keeps it, so a command that needs one still
 * being built here waits for it rather than building it twice).
 */
final class ClientWarmUp {
    /** The commands that call an agent: all but these. */
    private static final Set<String> NOT_CLIENTS = Set.of("serve", "service", "init", "help");
    /** What each command reads from the agent (flags answer JSON trees, which need no deserializer of their own). */
    static final Map<String, List<Class<?>>> ANSWERS = Map.of(
            "status", List.of(AgentStatus.class),
            "deploy", List.of(Deployment.class, DeploymentEvent.class),
            "rollback", List.of(Deployment.class, DeploymentEvent.class),
            "deployments", List.of(DeploymentList.class),
            "events", List.of(DeploymentEvent.class, Deployment.class),
            "pause", List.of(Deployment.class),
            "resume", List.of(Deployment.class),
            "promote", List.of(Deployment.class),
            "abort", List.of(Deployment.class),
            "verify", List.of(VerificationReport.class));

    private static final CountDownLatch READY = new CountDownLatch(1);
    private static volatile boolean begun;

    private ClientWarmUp() {}

    /** Whether {@code args} run a command that calls an agent (a known one: a typo gets its error at once). */
    static boolean isClientCall(String[] args, Set<String> commands) {
        return args.length > 0 && commands.contains(args[0]) && !NOT_CLIENTS.contains(args[0]);
    }

    static void begin(String command) {
        begun = true;
        Thread thread = new Thread(() -> {
            try {
                Json.mapper();
                LoggerFactory.getILoggerFactory();
            } catch (RuntimeException | LinkageError e) {
                // Left to the command's own first use to report, once: not as a stack trace of this thread.
            } finally {
                READY.countDown();
            }
            readAhead(ANSWERS.getOrDefault(command, List.of()));
        }, "client-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits for the mapper and logging if the warm-up was begun; a failure there is left to the command's own use. */
    static void await() {
        if (!begun) {
            return;
        }
        try {
            READY.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** In the order the command needs them: its client, its connection, the answers. */
    static void readAhead(List<Class<?>> answers) {
        try {
            NioIoHandler.newFactory();
            DefaultChannelId.newInstance(); // a channel's id: this machine's MAC address, looked up once
            ByteBufAllocator.DEFAULT.buffer(1).release();
            try (SocketChannel unix = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                // Opened only for the JDK's set-up of UNIX-domain sockets (a SecureRandom), which --home connects by.
            } catch (IOException | UnsupportedOperationException e) {
                // No such sockets here: the command connects over TCP.
            }
            for (Class<?> answer : answers) {
                Json.mapper().readerFor(answer);
            }
        } catch (RuntimeException | LinkageError e) {
            // Only time is lost: the command makes what it needs itself.
        }
    }
}
