package io.openclaw.deploy.agent.verification;

import io.openclaw.deploy.agent.resources.ResourceWindow;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * What the checks of one run share: the loops as they serve now, the log baseline, and one resource measurement
 * (CPU and memory are two items but one measurement window, taken by whichever asks first).
 */
final class VerificationRun {
    private final List<ServingLoop> loops;
    private final LogBaseline baseline;
    private final FutureTask<ResourceWindow.Figures> resources;

    VerificationRun(List<ServingLoop> loops, LogBaseline baseline, Callable<ResourceWindow.Figures> measure) {
        this.loops = List.copyOf(loops);
        this.baseline = baseline;
        this.resources = new FutureTask<>(measure);
    }

    List<ServingLoop> loops() {
        return loops;
    }

    LogBaseline baseline() {
        return baseline;
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
