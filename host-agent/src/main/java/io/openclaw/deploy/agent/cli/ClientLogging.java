package io.openclaw.deploy.agent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration for the commands that run logback but are not the agent ({@code init}, {@code service}'s
 * own commands, help): warnings only, on stderr, so that stdout stays clean for output and JSON. (Client calls log with
 * SLF4J's simple logger, {@link SimpleClientLogging}.) Set up in code because logback's XML configurator (an XML parser
 * and its model) cost each such call about a tenth of a second of its start (docs/cli.md, "Start-up time"). Found by
 * logback through {@code META-INF/services}, ahead of its own configurators.
 *
 * <p>Where a file is named ({@code -Dlogback.configurationFile}: the router's {@code logback-router.xml}, or a
 * user's) or a test configuration is on the class path, logback's own configurator reads it as before. The agent's
 * own logging is {@link AgentLogging}'s.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class ClientLogging extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (namedElsewhere()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        warningsToStderr(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Whether logback is to read a file: one named with {@code -Dlogback.configurationFile}, or a test's. */
    static boolean namedElsewhere() {
        return System.getProperty("logback.configurationFile") != null
                || ClientLogging.class.getClassLoader().getResource("logback-test.xml") != null;
    }

    static void warningsToStderr(LoggerContext context) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console(context));
    }

    /** Short lines on stderr: time, level, class, message. */
    static ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        return console;
    }
}
