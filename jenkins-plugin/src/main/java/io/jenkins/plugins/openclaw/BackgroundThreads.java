package io.jenkins.plugins.openclaw;

import hudson.init.Terminator;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Threads that wait on agents (event streams last as long as a deployment). Kept apart from Jenkins' shared
 * {@code Timer} pool so long waits never starve it, and never an executor or the CPS VM thread.
 *
 * <p>The pool belongs to one Jenkins lifetime: it is shut down (its threads interrupted) when Jenkins terminates, so
 * that no follower of a stopped Jenkins goes on saving a stale build in the same JVM; the steps resume from their
 * recorded progress after the restart.
 */
final class BackgroundThreads {
    private static ExecutorService pool;
    private static volatile boolean terminating;

    private BackgroundThreads() {}

    static synchronized Future<?> submit(Runnable work) {
        if (pool == null) {
            pool = Executors.newCachedThreadPool(new NamingThreadFactory(new DaemonThreadFactory(), "openclaw-deploy"));
            terminating = false;
        }
        return pool.submit(work);
    }

    /** True once Jenkins is shutting down: an interrupted follower then leaves its step to resume after the restart. */
    static boolean terminating() {
        return terminating;
    }

    @Terminator
    public static synchronized void shutDown() {
        terminating = true;
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }
}
