package io.openclaw.deploy.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's logging, set up in code: console and HOME/logs/agent.log, rotated as the docs say. */
class AgentLoggingTest {
    @TempDir
    Path logs;

    @Test
    void infoAndWorseGoToAgentLogWithThreadAndLoggerAndNettyOnlyFromWarn() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        AgentLogging.toConsoleAndFiles(context, logs, Level.INFO);
        try {
            context.getLogger("io.openclaw.deploy.agent.rollout.Fleet").info("adopted 16 instances");
            context.getLogger("io.openclaw.deploy.agent.rollout.Fleet").debug("not this");
            context.getLogger("io.netty.channel.DefaultChannelPipeline").info("nor this");
        } finally {
            context.stop();
        }

        assertThat(logs.resolve("agent.log")).content()
                .containsPattern("INFO  \\[[^]]+] i\\.o\\.deploy\\.agent\\.rollout\\.Fleet - adopted 16 instances")
                .doesNotContain("not this").doesNotContain("nor this");
    }

    @Test
    void theFileRollsDailyAndAt20MbKeeping14DaysAnd500Mb() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        AgentLogging.toConsoleAndFiles(context, logs, Level.INFO);
        try {
            RollingFileAppender<?> file = (RollingFileAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME)
                    .getAppender("FILE");
            SizeAndTimeBasedRollingPolicy<?> rolling = (SizeAndTimeBasedRollingPolicy<?>) file.getRollingPolicy();

            assertThat(file.isStarted()).isTrue();
            assertThat(rolling.getFileNamePattern()).isEqualTo(logs.resolve("agent.%d{yyyy-MM-dd}.%i.log.gz").toString());
            assertThat(rolling.getMaxHistory()).isEqualTo(14);
        } finally {
            context.stop();
        }
    }

    @Test
    void logbackFindsItThroughTheServiceLoader() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
                .contains(AgentLogging.class, ClientLogging.class);
    }
}
