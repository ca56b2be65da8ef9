package io.openclaw.deploy.agent.router;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A sliding window of per-second buckets (the last {@link #RETAINED_SECONDS}) for one loop version. Recording is
 * lock-free: a bucket that belongs to an older second is replaced by a fresh one with a compare-and-set, so stale
 * counts are never mixed with current ones.
 */
final class TrafficWindow {
    static final int RETAINED_SECONDS = 300;

    /** Upper bounds of the latency buckets in milliseconds; the last bucket is open-ended. */
    static final long[] LATENCY_BOUNDS_MILLIS = {
        1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 125, 150, 200, 250, 300, 400, 500, 600,
        800, 1000, 1250, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 8000, 10000, 15000, 20000, 30000, 60000, 120000
    };

    private final AtomicReferenceArray<SecondBucket> buckets = new AtomicReferenceArray<>(RETAINED_SECONDS);

    void record(long epochSecond, StatusClass outcome, long latencyMillis) {
        SecondBucket bucket = bucketFor(epochSecond);
        bucket.requests.increment();
        if (outcome == StatusClass.SERVER_ERROR) {
            bucket.serverErrors.increment();
        } else if (outcome == StatusClass.ROUTER_ERROR) {
            bucket.routerErrors.increment();
        }
        bucket.latency.incrementAndGet(latencyIndex(latencyMillis));
    }

    /** Totals over the seconds in (now - window, now]. */
    TrafficStats stats(long nowEpochSecond, Duration window) {
        long seconds = Math.max(1, Math.min(RETAINED_SECONDS, window.toSeconds()));
        long requests = 0;
        long serverErrors = 0;
        long routerErrors = 0;
        long[] latency = new long[LATENCY_BOUNDS_MILLIS.length + 1];
        for (int i = 0; i < RETAINED_SECONDS; i++) {
            SecondBucket b = buckets.get(i);
            if (b == null || b.second > nowEpochSecond || b.second <= nowEpochSecond - seconds) {
                continue;
            }
            requests += b.requests.sum();
            serverErrors += b.serverErrors.sum();
            routerErrors += b.routerErrors.sum();
            for (int j = 0; j < latency.length; j++) {
                latency[j] += b.latency.get(j);
            }
        }
        return new TrafficStats(requests, serverErrors, routerErrors, p95(latency), Duration.ofSeconds(seconds));
    }

    private SecondBucket bucketFor(long epochSecond) {
        int index = (int) Math.floorMod(epochSecond, (long) RETAINED_SECONDS);
        while (true) {
            SecondBucket current = buckets.get(index);
            if (current != null && current.second == epochSecond) {
                return current;
            }
            SecondBucket fresh = new SecondBucket(epochSecond);
            if (buckets.compareAndSet(index, current, fresh)) {
                return fresh;
            }
        }
    }

    static int latencyIndex(long millis) {
        int i = Arrays.binarySearch(LATENCY_BOUNDS_MILLIS, millis);
        return i >= 0 ? i : -i - 1;
    }

    private static long p95(long[] latency) {
        long total = Arrays.stream(latency).sum();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(total * 0.95);
        long seen = 0;
        for (int i = 0; i < latency.length; i++) {
            seen += latency[i];
            if (seen >= rank) {
                return i < LATENCY_BOUNDS_MILLIS.length ? LATENCY_BOUNDS_MILLIS[i] : Long.MAX_VALUE;
            }
        }
        return Long.MAX_VALUE;
    }

    private static final class SecondBucket {
        final long second;
        final LongAdder requests = new LongAdder();
        final LongAdder serverErrors = new LongAdder();
        final LongAdder routerErrors = new LongAdder();
        final AtomicLongArray latency = new AtomicLongArray(LATENCY_BOUNDS_MILLIS.length + 1);

        SecondBucket(long second) {
            this.second = second;
        }
    }
}
