package io.openclaw.deploy.agent.router;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/** The router's Prometheus metrics plus the in-memory per-version windows used by canary analysis. */
final class RouterMetrics {
    static final String REQUESTS = "openclaw_router_requests_total";
    static final String DURATION = "openclaw_router_request_duration_seconds";
    static final String IN_FLIGHT = "openclaw_router_in_flight_requests";

    private final Counter requests;
    private final Histogram duration;
    private final Gauge inFlight;
    private final Clock clock;
    private final ConcurrentHashMap<LoopVersion, TrafficWindow> windows = new ConcurrentHashMap<>();

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
        inFlight.labelValues(loop).inc();
    }

    void stopped(String loop) {
        inFlight.labelValues(loop).dec();
    }

    /** One finished request; version and slot are empty when no backend was chosen. */
    void finished(String loop, String version, String slot, StatusClass outcome, long durationNanos) {
        requests.labelValues(loop, version, slot, outcome.label()).inc();
        duration.labelValues(loop, version, slot).observe(Unit.nanosToSeconds(durationNanos));
        windows.computeIfAbsent(new LoopVersion(loop, version), k -> new TrafficWindow())
                .record(clock.instant().getEpochSecond(), outcome, Duration.ofNanos(durationNanos).toMillis());
    }

    TrafficStats trafficStats(String loop, String version, Duration window) {
        TrafficWindow w = windows.get(new LoopVersion(loop, version));
        if (w == null) {
            long seconds = Math.max(1, Math.min(TrafficWindow.RETAINED_SECONDS, window.toSeconds()));
            return new TrafficStats(0, 0, 0, 0, Duration.ofSeconds(seconds));
        }
        return w.stats(clock.instant().getEpochSecond(), window);
    }

    private record LoopVersion(String loop, String version) {
    }
}
