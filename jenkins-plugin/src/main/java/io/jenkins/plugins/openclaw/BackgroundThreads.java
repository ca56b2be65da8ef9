package io.jenkins.plugins.openclaw;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that wait on agents (event streams last as long as a deployment). Kept apart from Jenkins' shared
 * {@code Timer} pool so long waits never starve it, and never an executor or the CPS VM thread.
 */
final class BackgroundThreads {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ThreadFactory FACTORY = runnable -> {
        Thread t = new Thread(runnable, "openclaw-deploy-" + COUNT.incrementAndGet());
        t.setDaemon(true);
        return t;
    };
    static final ExecutorService POOL = Executors.newCachedThreadPool(FACTORY);

    private BackgroundThreads() {}
}
