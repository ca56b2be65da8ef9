package io.openclaw.deploy.agent.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command the service manager runs: {@code java [options] -jar openclaw-agent.jar <command> --home DIR}, with the
 * Java of the installing process unless told otherwise.
 *
 * @param java       the java executable ({@code java.exe} on Windows: the SCM needs a console-subsystem process that
 *                   calls StartServiceCtrlDispatcher, which java.exe is)
 * @param jvmOptions e.g. {@code -Xrs}, heap size
 * @param jar        the agent jar
 * @param command    {@code service run} on Windows, {@code serve} under systemd
 */
public record ServiceInvocation(Path java, List<String> jvmOptions, Path jar, List<String> command, Path home) {
    public ServiceInvocation {
        // Paths are taken as given (the install command makes them absolute): the service manager has no working
        // directory to resolve against, and tests build Windows paths on Linux.
        jvmOptions = List.copyOf(jvmOptions);
        command = List.copyOf(command);
    }

    /**
     * For the Windows SCM. {@code -Xrs} keeps the JVM's own console handler out of the way, so a logoff or system
     * shutdown reaches the agent only through the SCM's controls (one stop path, not two racing ones);
     * {@code jna.tmpdir} points JNA's native stub at the home, which the service account can write.
     */
    public static ServiceInvocation windowsService(Path java, Path jar, Path home, List<String> extraJvmOptions) {
        List<String> options = new ArrayList<>(List.of("-Xrs", "-Djna.tmpdir=" + home.resolve("tmp")));
        options.add(startupArchive(home + "\\cache\\" + STARTUP_ARCHIVE));
        options.addAll(extraJvmOptions);
        return new ServiceInvocation(java, options, jar, List.of("service", "run"), home);
    }

    /** For systemd: the foreground {@code serve}, stopped by SIGTERM. */
    public static ServiceInvocation systemd(Path java, Path jar, Path home, List<String> extraJvmOptions) {
        List<String> options = new ArrayList<>(List.of(startupArchive(home + "/cache/" + STARTUP_ARCHIVE)));
        options.addAll(extraJvmOptions);
        return new ServiceInvocation(java, options, jar, List.of("serve"), home);
    }

    /** The class-data archive the agent writes for itself under {@code HOME/cache} (see docs/configuration.md). */
    public static final String STARTUP_ARCHIVE = "openclaw-agent.jsa";

    /**
     * A restarted agent must be back in control within seconds (issue 12), and most of a JVM's start is loading
     * classes: the class-data archive, which the agent writes itself once it runs, skips most of that. (C1 only, the
     * other half of a quick start, is among {@link AgentJvmOptions#SERVER}.)
     */
    private static String startupArchive(String archive) {
        return "-XX:SharedArchiveFile=" + archive;
    }

    /** The Java running this process ({@code java.home}), {@code java.exe} on Windows. */
    public static Path currentJava(boolean windows) {
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    }

    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        args.add(java.toString());
        args.addAll(jvmOptions);
        args.add("-jar");
        args.add(jar.toString());
        args.addAll(command);
        args.add("--home");
        args.add(home.toString());
        return args;
    }

    /** The service's ImagePath. */
    public String windowsCommandLine() {
        return WindowsCommandLine.join(arguments());
    }
}
