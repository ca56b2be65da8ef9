package io.openclaw.deploy.agent.cli;

import java.util.Map;

/**
 * A client call (status, deploy, rollback...) logs with SLF4J's simple logger, not logback: warnings only, on stderr,
 * so that stdout stays clean for output and JSON. Logback's start (its configurators found and ranked through
 * {@code ServiceLoader}, a pattern layout compiled) cost each call about 40 ms of CPU for the one or two warnings a
 * call may print (docs/cli.md, "Start-up time"). The agent keeps logback ({@link AgentLogging}).
 *
 * <p>The simple logger is named with {@code slf4j.provider}, so SLF4J does not search the class path; the jar leaves
 * out its service file so that the agent finds logback alone. Every setting below gives way to one already set, so
 * {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=debug} in {@code OPENCLAW_JAVA_OPTS} shows a call's debug log, and
 * {@code -Dlogback.configurationFile=…} or {@code -Dslf4j.provider=…} keeps logback.
 */
final class SimpleClientLogging {
    static final String PROVIDER = "org.slf4j.simple.SimpleServiceProvider";

    /** Time, level, class and message, as the agent's own log lines begin. */
    private static final Map<String, String> SETTINGS = Map.of(
            "org.slf4j.simpleLogger.defaultLogLevel", "warn",
            "org.slf4j.simpleLogger.logFile", "System.err",
            "org.slf4j.simpleLogger.showDateTime", "true",
            "org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS",
            "org.slf4j.simpleLogger.showThreadName", "false",
            "org.slf4j.simpleLogger.showShortLogName", "true",
            // SLF4J says at INFO which provider it was asked for: a line on stderr of every call otherwise.
            "slf4j.internal.verbosity", "WARN");

    private SimpleClientLogging() {}

    /** Chooses the simple logger before anything asks SLF4J for a logger, unless the command line chose otherwise. */
    static void choose() {
        if (System.getProperty("slf4j.provider") != null || System.getProperty("logback.configurationFile") != null) {
            return;
        }
        System.setProperty("slf4j.provider", PROVIDER);
        SETTINGS.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }
}
