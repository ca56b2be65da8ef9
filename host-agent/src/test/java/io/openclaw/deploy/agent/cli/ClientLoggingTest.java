package io.openclaw.deploy.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Client commands log warnings only, to stderr (stdout carries their output and JSON), without an XML file. */
class ClientLoggingTest {
    @Test
    void warningsAndWorseGoToStderrAndNothingElseIsLogged() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // as logback's SLF4J provider does for its context
        ClientLogging.warningsToStderr(context);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE"))
                .isInstanceOf(ConsoleAppender.class);
        Logger logger = context.getLogger("io.openclaw.deploy.protocol.AgentClient");
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            logger.info("connected");
            logger.warn("certificate about to expire");
        } finally {
            System.setErr(stderr);
            context.stop();
        }

        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("WARN  AgentClient - certificate about to expire").doesNotContain("connected");
    }

    @Test
    void logbackFindsItThroughTheServiceLoader() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
                .contains(ClientLogging.class);
    }
}
