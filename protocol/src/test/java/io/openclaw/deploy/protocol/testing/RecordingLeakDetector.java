package io.openclaw.deploy.protocol.testing;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Netty's leak detector for the test JVMs, installed by {@code -Dio.netty.customResourceLeakDetector} (see the
 * surefire configuration of protocol and host-agent). It reports exactly as Netty's own does (the "LEAK:" log line),
 * and also keeps each report so that {@link NettyLeakCheck} can fail the test: Netty on its own only logs a leak.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
    private static final List<RecordingLeakDetector<?>> DETECTORS = new CopyOnWriteArrayList<>();
    private static final Queue<String> REPORTS = new ConcurrentLinkedQueue<>();
    private static final AtomicLong TRACKED = new AtomicLong();

    /** The constructor Netty's factory looks up by reflection: one detector per resource type (ByteBuf, ...). */
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        DETECTORS.add(this);
    }

    /** The older constructor Netty's factory also looks up; without it the factory logs an error at start. */
    @Deprecated
    @SuppressWarnings("deprecation")
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
        DETECTORS.add(this);
    }

    /** Whether Netty created detectors of this class, i.e. whether the system property is in effect. */
    static boolean installed() {
        return !DETECTORS.isEmpty();
    }

    /** How many objects were tracked so far; when it has not moved since the last check, nothing new can leak. */
    static long tracked() {
        return TRACKED.get();
    }

    /**
     * Collects garbage, lets every detector look at what was collected unreleased, and returns (and forgets) the
     * leaks reported since the last call. Netty notices a leak only when the object has been collected and the same
     * detector tracks another object, hence the collection and the probe per detector.
     */
    static List<String> collectAndDrain() throws InterruptedException {
        ReferenceQueue<Object> collected = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), collected);
        // Once the sentinel is enqueued, the references cleared by the same collection are enqueued too.
        for (int attempt = 0; attempt < 10; attempt++) {
            System.gc();
            if (collected.remove(100) != null) {
                break;
            }
        }
        sentinel.clear();
        for (RecordingLeakDetector<?> detector : DETECTORS) {
            detector.probe();
        }
        List<String> reports = new ArrayList<>();
        for (String report; (report = REPORTS.poll()) != null; ) {
            reports.add(report);
        }
        return reports;
    }

    @SuppressWarnings("unchecked")
    private void probe() {
        // Tracking anything makes the detector report what the collector found; the probe itself is closed at once.
        Object probe = new Object();
        ResourceLeakTracker<Object> tracker = ((ResourceLeakDetector<Object>) (ResourceLeakDetector<?>) this)
                .trackForcibly(probe);
        if (tracker != null) {
            tracker.close(probe);
        }
    }

    @Override
    public ResourceLeakTracker<T> track(T obj) {
        TRACKED.incrementAndGet();
        return super.track(obj);
    }

    /** Report even where the logging configuration hides Netty's errors: the test must fail either way. */
    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        REPORTS.add(resourceType + " released by nobody; its recent accesses:" + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        REPORTS.add(resourceType + " released by nobody (no access records at this detection level)");
        super.reportUntracedLeak(resourceType);
    }
}
