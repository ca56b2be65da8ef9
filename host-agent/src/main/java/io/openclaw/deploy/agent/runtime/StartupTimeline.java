package io.openclaw.deploy.agent.runtime;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a start of the agent spent its time, as JVM uptime at each step, logged once the agent is back in control. The
 * service manager restarts a crashed agent and issue 12 bounds how long it may take; this line is what an operator
 * (and {@code bench/agent-restart.sh}) reads to see which step grew.
 */
public final class StartupTimeline {
    private final Instant origin;

    @GuardedBy("this")
    private final List<String> steps = new ArrayList<>();

    private StartupTimeline(Instant origin) {
        this.origin = origin;
    }

    /**
     * Measured from the start of this JVM, which is what the service manager's restart waits for (the JVM's own start
     * time: the process' start instant on Linux is only as exact as the boot time's whole second).
     */
    public static StartupTimeline sinceJvmStart() {
        return new StartupTimeline(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
    }

    /** Step {@code name} has just finished; steps may finish on several threads. */
    public synchronized void mark(String name) {
        steps.add(name + " " + seconds(Duration.between(origin, Instant.now())));
    }

    /** The whole start and its steps, e.g. "Back in control in 1.62 s: configuration 0.41, router adopted 0.70...". */
    public synchronized String summary() {
        return "Back in control in " + seconds(Duration.between(origin, Instant.now())) + " s (JVM uptime after each step: "
                + String.join(", ", steps) + ")";
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f", d.toMillis() / 1000.0);
    }
}
