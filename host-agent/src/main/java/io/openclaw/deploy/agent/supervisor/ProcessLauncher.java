package io.openclaw.deploy.agent.supervisor;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Launches an instance's process with its output going straight from the OS into its log file. No pipe connects the
 * process to the agent, so it keeps running and logging when the agent dies; stdin reads from the null device for the
 * same reason.
 */
final class ProcessLauncher {
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");
    private static final File NULL_DEVICE = new File(WINDOWS ? "NUL" : "/dev/null");

    private final Path logsDir;
    private final boolean caseInsensitiveEnvironment;
    private final UnaryOperator<List<String>> launchCommand;

    /** @param launchCommand the platform's form of a command line ({@link ProcessControl#launchCommand}) */
    ProcessLauncher(Path logsDir, UnaryOperator<List<String>> launchCommand) {
        this(logsDir, WINDOWS, launchCommand);
    }

    /** @param caseInsensitiveEnvironment variable names are one regardless of case (Windows) */
    ProcessLauncher(Path logsDir, boolean caseInsensitiveEnvironment, UnaryOperator<List<String>> launchCommand) {
        this.logsDir = logsDir;
        this.caseInsensitiveEnvironment = caseInsensitiveEnvironment;
        this.launchCommand = launchCommand;
    }

    Path logFile(InstanceSpec spec) {
        return logsDir.resolve(spec.loop()).resolve(spec.id() + ".log");
    }

    Process launch(InstanceSpec spec) throws IOException {
        Path log = logFile(spec);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(launchCommand.apply(spec.command()))
                .redirectInput(ProcessBuilder.Redirect.from(NULL_DEVICE))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        if (spec.workingDir() != null) {
            builder.directory(spec.workingDir().toFile());
        }
        EnvironmentMerge.into(builder.environment(), spec.environment(), caseInsensitiveEnvironment);
        return builder.start();
    }
}
