package io.openclaw.deploy.agent.router;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The router's Prometheus metrics plus the in-memory per-version windows used by canary analysis.
 *
 * <p>Recording runs for every request on the event loops, so each (loop, version, slot) keeps its data points and its
 * window in one {@link Series} found with one map lookup; asking the metrics for a labelled data point each time (a
 * varargs array, a label list and a lookup per metric) was a visible share of the router's allocation (issue 11).
 */
final class RouterMetrics {
    static final String REQUESTS = "openclaw_router_requests_total";
    static final String DURATION = "openclaw_router_request_duration_seconds";
    static final String IN_FLIGHT = "openclaw_router_in_flight_requests";

    private final Counter requests;
    private final Histogram duration;
    private final Gauge inFlight;
    private final Clock clock;
    private final ConcurrentHashMap<LoopVersion, TrafficWindow> windows = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SeriesKey, Series> series = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, GaugeDataPoint> inFlightByLoop = new ConcurrentHashMap<>();

    RouterMetrics(PrometheusRegistry registry, Clock clock) {
        this.clock = clock;
        this.requests = Counter.builder()
                .name(REQUESTS)
                .help("Requests proxied by the router, by loop, version, slot and status class")
                .labelNames("loop", "version", "slot", "status_class")
                .register(registry);
        this.duration = Histogram.builder()
                .name(DURATION)
                .help("Time from request received to response completed, through the router")
                .unit(Unit.SECONDS)
                .labelNames("loop", "version", "slot")
                .classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
                .register(registry);
        this.inFlight = Gauge.builder()
                .name(IN_FLIGHT)
                .help("Requests the router is currently proxying, by loop")
                .labelNames("loop")
                .register(registry);
    }

    void started(String loop) {
        inFlightOf(loop).inc();
    }

    void stopped(String loop) {
        inFlightOf(loop).dec();
    }

    private GaugeDataPoint inFlightOf(String loop) {
        GaugeDataPoint point = inFlightByLoop.get(loop);
        return point != null ? point : inFlightByLoop.computeIfAbsent(loop, l -> inFlight.labelValues(l));
    }

    /** One finished request; version and slot are empty when no backend was chosen. */
    void finished(String loop, String version, String slot, StatusClass outcome, long durationNanos) {
        SeriesKey key = new SeriesKey(loop, version, slot);
        Series s = series.get(key);
        if (s == null) {
            s = series.computeIfAbsent(key, k -> new Series(k, duration.labelValues(loop, version, slot),
                    windows.computeIfAbsent(new LoopVersion(loop, version), lv -> new TrafficWindow())));
        }
        s.requests(outcome).inc();
        s.duration.observe(Unit.nanosToSeconds(durationNanos));
        s.window.record(clock.millis() / 1000, outcome, TimeUnit.NANOSECONDS.toMillis(durationNanos));
    }

    TrafficStats trafficStats(String loop, String version, Duration window) {
        TrafficWindow w = windows.get(new LoopVersion(loop, version));
        if (w == null) {
            long seconds = Math.max(1, Math.min(TrafficWindow.RETAINED_SECONDS, window.toSeconds()));
            return new TrafficStats(0, 0, 0, 0, Duration.ofSeconds(seconds));
        }
        return w.stats(clock.millis() / 1000, window);
    }

    private record LoopVersion(String loop, String version) {
    }

    private record SeriesKey(String loop, String version, String slot) {
    }

    /** The data points of one (loop, version, slot). */
    private final class Series {
        private final SeriesKey key;
        final DistributionDataPoint duration;
        final TrafficWindow window;
        /**
         * Per status class, made on first use so that only classes that occurred are exposed. A race between two
         * event loops stores the same data point twice (labelValues returns the one of those labels), so no lock.
         */
        private final AtomicReferenceArray<CounterDataPoint> requestsByOutcome =
                new AtomicReferenceArray<>(StatusClass.values().length);

        Series(SeriesKey key, DistributionDataPoint duration, TrafficWindow window) {
            this.key = key;
            this.duration = duration;
            this.window = window;
        }

        // An array indexed by ordinal, not an EnumMap: this runs for every request, and the array is lock-free.
        @SuppressWarnings("EnumOrdinal")
        CounterDataPoint requests(StatusClass outcome) {
            CounterDataPoint point = requestsByOutcome.get(outcome.ordinal());
            if (point == null) {
                point = requests.labelValues(key.loop(), key.version(), key.slot(), outcome.label());
                requestsByOutcome.set(outcome.ordinal(), point);
            }
            return point;
        }
    }
}
