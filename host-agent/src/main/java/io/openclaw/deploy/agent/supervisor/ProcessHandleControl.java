package io.openclaw.deploy.agent.supervisor;

import java.util.List;

/**
 * {@link ProcessControl} with the JDK's {@link ProcessHandle}: {@code destroy()} is SIGTERM on POSIX. On Windows the JDK
 * has no polite termination ({@link ProcessHandle#supportsNormalTermination()} is false), so there we report that we
 * cannot ask and the caller kills.
 */
public final class ProcessHandleControl implements ProcessControl {
    private final NormalPriority normalPriority = NormalPriority.ofThisProcess();

    @Override
    public List<String> launchCommand(List<String> command) {
        return normalPriority.apply(command);
    }

    @Override
    public boolean askToExit(ProcessHandle process) {
        if (!process.supportsNormalTermination()) {
            return false;
        }
        process.destroy();
        return true;
    }

    @Override
    public void kill(ProcessHandle process) {
        process.destroyForcibly();
    }
}
