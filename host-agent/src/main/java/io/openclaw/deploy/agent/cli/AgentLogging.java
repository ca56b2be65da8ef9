package io.openclaw.deploy.agent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;

/**
 * The agent's logging ({@code serve}, {@code service run}): the console (stderr) and {@code HOME/logs/agent.log},
 * rotated daily and at 20 MB, 14 days and 500 MB kept; {@code io.netty} at WARN; the root at INFO or
 * {@code -Dopenclaw.log.level}. Set up in code for the reason {@link ClientLogging} is: logback reading an XML file
 * took 0.2 s of CPU in every agent start, a start that must be back in control within 2 s on a busy machine
 * (issue 12). Chosen by {@link AgentProcess#configureLogging}; a file named with {@code -Dlogback.configurationFile}
 * (or a test configuration on the class path) is read by logback instead.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_TOP_PRIORITY)
public final class AgentLogging extends ContextAwareBase implements Configurator {
    /** Set (to {@link #AGENT}) by {@link AgentProcess#configureLogging} before the first logger. */
    static final String KIND_PROPERTY = "openclaw.logging";
    static final String AGENT = "agent";
    /** Where the files go; set by {@link AgentProcess#configureLogging} to {@code HOME/logs}. */
    static final String DIR_PROPERTY = "openclaw.log.dir";
    static final String LEVEL_PROPERTY = "openclaw.log.level";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (!AGENT.equals(System.getProperty(KIND_PROPERTY)) || ClientLogging.namedElsewhere()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        toConsoleAndFiles(context, Path.of(System.getProperty(DIR_PROPERTY, "logs")),
                Level.toLevel(System.getProperty(LEVEL_PROPERTY), Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static void toConsoleAndFiles(LoggerContext context, Path dir, Level level) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(ClientLogging.console(context));
        root.addAppender(rollingFile(context, dir));
        context.getLogger("io.netty").setLevel(Level.WARN);
    }

    private static RollingFileAppender<ILoggingEvent> rollingFile(LoggerContext context, Path dir) {
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(dir.resolve("agent.log").toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> rolling = new SizeAndTimeBasedRollingPolicy<>();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(dir.resolve("agent.%d{yyyy-MM-dd}.%i.log.gz").toString());
        rolling.setMaxFileSize(FileSize.valueOf("20MB"));
        rolling.setMaxHistory(14);
        rolling.setTotalSizeCap(FileSize.valueOf("500MB"));
        rolling.start();
        file.setRollingPolicy(rolling);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n");
        encoder.start();
        file.setEncoder(encoder);
        file.start();
        return file;
    }
}
