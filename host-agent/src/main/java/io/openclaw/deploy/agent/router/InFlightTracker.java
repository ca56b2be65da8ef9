package io.openclaw.deploy.agent.router;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Requests in flight per instance, and a way to wait until a set of instances has none. The hot path is one atomic
 * increment and decrement; the lock is only taken when a counter reaches zero while someone is waiting.
 */
final class InFlightTracker {
    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicInteger waiters = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition reachedZero = lock.newCondition();

    void begin(String instanceId) {
        counts.computeIfAbsent(instanceId, id -> new AtomicInteger()).incrementAndGet();
    }

    void end(String instanceId) {
        AtomicInteger count = counts.get(instanceId);
        if (count == null) {
            throw new IllegalStateException("end without begin for " + instanceId);
        }
        // Decrement before reading waiters; a waiter registers before reading counters: one of the two sees the other.
        if (count.decrementAndGet() == 0 && waiters.get() > 0) {
            lock.lock();
            try {
                reachedZero.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    int inFlight(String instanceId) {
        AtomicInteger count = counts.get(instanceId);
        return count == null ? 0 : count.get();
    }

    /** Waits until no request is in flight to any instance. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        return awaitDrained(counts.keySet(), timeout);
    }

    boolean awaitDrained(Collection<String> instanceIds, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        waiters.incrementAndGet();
        lock.lock();
        try {
            while (!allIdle(instanceIds)) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = reachedZero.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
            waiters.decrementAndGet();
        }
    }

    private boolean allIdle(Collection<String> instanceIds) {
        return instanceIds.stream().allMatch(id -> inFlight(id) == 0);
    }
}
