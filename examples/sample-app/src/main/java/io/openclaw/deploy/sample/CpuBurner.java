package io.openclaw.deploy.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code SAMPLE_BURN_CPU} fault: that many threads spin for the life of the process, so that the agent's CPU
 * figures and alerts can be seen on a real process. 1 keeps one logical processor busy.
 */
final class CpuBurner implements AutoCloseable {
    static final String VARIABLE = "SAMPLE_BURN_CPU";
    private static final int MAX_THREADS = 64;

    private final int threads;
    private final List<Thread> running = new ArrayList<>();
    // Written by the spinning threads so that the JIT cannot drop their work as dead code.
    @SuppressWarnings("UnusedVariable")
    private volatile long sink;

    CpuBurner(int threads) {
        this.threads = threads;
    }

    static CpuBurner from(Map<String, String> env) {
        return new CpuBurner(FaultCount.from(env, VARIABLE, "threads", MAX_THREADS));
    }

    int threads() {
        return threads;
    }

    synchronized List<Thread> start() {
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::spin, "burn-cpu-" + i);
            t.setDaemon(true);
            t.start();
            running.add(t);
        }
        return List.copyOf(running);
    }

    @Override
    public synchronized void close() {
        running.forEach(Thread::interrupt);
        running.clear();
    }

    private void spin() {
        long x = 1;
        while (!Thread.currentThread().isInterrupted()) {
            for (int i = 0; i < 1_000_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            sink = x;
        }
    }
}
