package io.openclaw.deploy.agent.verification;

import io.openclaw.deploy.agent.resources.ResourceWindow;
import io.openclaw.deploy.agent.router.TrafficStats;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * What the checks of one run share: the loops as they serve now, the log baseline, one resource measurement (CPU and
 * memory are two items but one measurement window, taken by whichever asks first) and one reading of the router's
 * traffic windows (error rate, latency and metrics judge the same figures; the router is asked once, not three times).
 */
final class VerificationRun {
    private final List<ServingLoop> loops;
    private final LogBaseline baseline;
    private final Map<String, LogBaseline.LogCount> logSharesBefore;
    private final FutureTask<ResourceWindow.Figures> resources;
    private final FutureTask<Map<String, TrafficStats>> traffic;

    /**
     * @param logSharesBefore each loop's lines and error lines before the baseline ({@link LogOutputCheck#sharesBefore})
     * @param measure     the resource measurement
     * @param readTraffic each serving loop's traffic over the window, by loop
     */
    VerificationRun(List<ServingLoop> loops, LogBaseline baseline, Map<String, LogBaseline.LogCount> logSharesBefore,
            Callable<ResourceWindow.Figures> measure, Callable<Map<String, TrafficStats>> readTraffic) {
        this.loops = List.copyOf(loops);
        this.baseline = baseline;
        this.logSharesBefore = Map.copyOf(logSharesBefore);
        this.resources = new FutureTask<>(measure);
        this.traffic = new FutureTask<>(readTraffic);
    }

    List<ServingLoop> loops() {
        return loops;
    }

    LogBaseline baseline() {
        return baseline;
    }

    /** Each loop's log output before the baseline, by loop (a loop missing had none). */
    Map<String, LogBaseline.LogCount> logSharesBefore() {
        return logSharesBefore;
    }

    /** Each serving loop's traffic over the window, by loop. */
    Map<String, TrafficStats> traffic() throws InterruptedException {
        traffic.run(); // as resources(): the first caller reads, the others wait for its answer
        try {
            return traffic.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
    }

    /** @throws ResourcesUnavailable when this system's figures cannot be read */
    ResourceWindow.Figures resources() throws InterruptedException {
        resources.run(); // runs once; a second caller waits for the first one's result below
        try {
            return resources.get();
        } catch (ExecutionException e) {
            throw new ResourcesUnavailable(e.getCause() == null ? e.toString() : e.getCause().toString());
        }
    }

    static final class ResourcesUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ResourcesUnavailable(String why) {
            super(why);
        }
    }
}
