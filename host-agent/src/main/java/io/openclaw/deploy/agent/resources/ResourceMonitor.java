package io.openclaw.deploy.agent.resources;

import io.openclaw.deploy.agent.config.RolloutConfig;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import io.openclaw.deploy.agent.supervisor.InstanceState;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every running instance at an interval, keeps its latest figures (for the status and the canary analysis),
 * publishes them as gauges, and raises an alert when CPU or memory stays above its threshold for the configured
 * duration (spec 9.1). Alerts are logged here and handed to listeners; they never change anything.
 */
public final class ResourceMonitor implements ResourceFigures, RecentResources, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceMonitor.class);
    private static final Duration FASTEST = Duration.ofMillis(200);
    private static final Duration SLOWEST = Duration.ofSeconds(5);

    private final ResourceSampler sampler;
    private final Supplier<List<InstanceSnapshot>> instances;
    private final RolloutConfig.ResourceAlerts thresholds;
    private final ResourceGauges gauges;
    private final Clock clock;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final List<Consumer<ResourceAlert>> listeners = new CopyOnWriteArrayList<>();
    private final Duration interval;
    private volatile Round lastRound;
    private ScheduledExecutorService timer;

    /**
     * What one sampling round measured.
     *
     * @param window    since the round before, over which CPU was measured
     * @param processes figures by pid
     * @param host      the machine's figures, or null where they cannot be read
     */
    private record Round(Instant at, Duration window, Map<Long, ResourceUsage> processes, HostUsage host) {}

    public ResourceMonitor(ResourceSampler sampler, Supplier<List<InstanceSnapshot>> instances,
            RolloutConfig.ResourceAlerts thresholds, PrometheusRegistry registry, Clock clock) {
        this.sampler = sampler;
        this.instances = instances;
        this.thresholds = thresholds;
        this.gauges = new ResourceGauges(registry);
        this.clock = clock;
        this.interval = intervalFor(thresholds);
    }

    /**
     * A sixth of the shorter alert duration, so an alert is raised within about a sixth of its duration late, but
     * between 200 ms and 5 s: sampling costs a little CPU per process, and 5 s is plenty for a 2-minute duration.
     */
    public static Duration intervalFor(RolloutConfig.ResourceAlerts thresholds) {
        Duration shorter = thresholds.cpuFor().compareTo(thresholds.memoryFor()) < 0
                ? thresholds.cpuFor() : thresholds.memoryFor();
        Duration sixth = shorter.dividedBy(6);
        return sixth.compareTo(FASTEST) < 0 ? FASTEST : sixth.compareTo(SLOWEST) > 0 ? SLOWEST : sixth;
    }

    /** Called on the monitor's thread with each alert raised or cleared; must not block for long. */
    public void onAlert(Consumer<ResourceAlert> listener) {
        listeners.add(listener);
    }

    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "resource-monitor");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::roundSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Resource monitor: sampling every {} ms; alerts at CPU > {}% for {} s, memory > {}% for {} s",
                interval.toMillis(), thresholds.cpuMaxPercent(), thresholds.cpuFor().toSeconds(),
                thresholds.memoryMaxPercent(), thresholds.memoryFor().toSeconds());
    }

    @Override
    public Optional<ResourceUsage> usage(String instanceId) {
        Watch w = watches.get(instanceId);
        return w == null ? Optional.empty() : Optional.ofNullable(w.latest);
    }

    /**
     * The last round's figures of the processes {@code pids} and of the host, for a release verification that need not
     * wait for a measurement of its own (a rollback returns to instances that have been running). Empty unless that
     * round measured every one of them and the host, and is at most two intervals old.
     */
    @Override
    public Optional<ResourceWindow.Figures> recent(Set<Long> pids) {
        Round round = lastRound;
        if (round == null || round.window() == null || round.host() == null
                || !round.processes().keySet().containsAll(pids)) {
            return Optional.empty();
        }
        Duration age = Duration.between(round.at(), clock.instant());
        if (age.compareTo(interval.multipliedBy(2)) > 0) {
            return Optional.empty();
        }
        Map<Long, ResourceUsage> asked = round.processes().entrySet().stream()
                .filter(e -> pids.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return Optional.of(new ResourceWindow.Figures(asked, round.host().cpuPercent(), round.host().memoryPercent(),
                "from the resource monitor's last " + ResourceWindow.seconds(round.window()) + " sample, "
                        + ResourceWindow.seconds(age.isNegative() ? Duration.ZERO : age) + " ago"));
    }

    private void roundSafely() {
        try {
            round();
        } catch (RuntimeException e) {
            // One failed round (a process vanishing mid-read, an OS hiccup) must not end the sampling.
            LOG.warn("Resource sampling failed: {}", e.toString());
        }
    }

    /** One sampling round; the timer calls it, tests may call it directly. */
    void round() {
        Map<String, InstanceSnapshot> running = instances.get().stream()
                .filter(i -> i.state() == InstanceState.RUNNING && i.pid() > 0)
                .collect(Collectors.toMap(i -> i.spec().id(), i -> i, (a, b) -> b));
        forgetGone(running);
        Map<Long, ResourceUsage> figures = sampler.sample(
                running.values().stream().map(InstanceSnapshot::pid).collect(Collectors.toSet()));
        HostUsage host = sampler.sampleHost().orElse(null);
        Instant now = clock.instant();
        Round previous = lastRound;
        lastRound = new Round(now, previous == null ? null : Duration.between(previous.at(), now), Map.copyOf(figures),
                host);
        for (InstanceSnapshot instance : running.values()) {
            ResourceUsage usage = figures.get(instance.pid());
            if (usage == null) {
                continue;
            }
            Watch watch = watches.computeIfAbsent(instance.spec().id(), id -> new Watch(instance, thresholds));
            watch.latest = usage;
            gauges.set(watch.loop(), watch.version(), watch.id(), usage);
            judge(watch, "cpu", watch.cpu, usage.cpuPercent(), now);
            judge(watch, "memory", watch.memory, usage.memoryPercent(), now);
        }
    }

    /** Instances stopped, or restarted under another pid (a new process starts with a clean slate). */
    private void forgetGone(Map<String, InstanceSnapshot> running) {
        for (Watch w : List.copyOf(watches.values())) {
            InstanceSnapshot now = running.get(w.id());
            if (now == null || now.pid() != w.pid) {
                watches.remove(w.id());
                gauges.remove(w.loop(), w.version(), w.id());
            }
        }
    }

    private void judge(Watch watch, String figure, SustainedThreshold threshold, double percent, Instant now) {
        Instant onset = threshold.aboveSince();
        SustainedThreshold.Change change = threshold.observe(percent, now);
        if (change == SustainedThreshold.Change.NONE) {
            return;
        }
        boolean raised = change == SustainedThreshold.Change.RAISED;
        Instant since = raised ? threshold.aboveSince() : onset;
        ResourceAlert alert = new ResourceAlert(raised ? ResourceAlert.Kind.RAISED : ResourceAlert.Kind.CLEARED,
                watch.id(), watch.loop(), watch.version(), figure, percent, threshold.limit(),
                since == null ? Duration.ZERO : Duration.between(since, now));
        gauges.alert(watch.loop(), watch.version(), watch.id(), figure, raised);
        if (raised) {
            LOG.warn(alert.message());
        } else {
            LOG.info(alert.message());
        }
        for (Consumer<ResourceAlert> listener : listeners) {
            try {
                listener.accept(alert);
            } catch (RuntimeException e) {
                LOG.warn("Resource alert listener failed: {}", e.toString());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    /** What is kept of one running instance between rounds. */
    private static final class Watch {
        private final InstanceSnapshot instance;
        private final long pid;
        private final SustainedThreshold cpu;
        private final SustainedThreshold memory;
        private volatile ResourceUsage latest;

        Watch(InstanceSnapshot instance, RolloutConfig.ResourceAlerts t) {
            this.instance = instance;
            this.pid = instance.pid();
            this.cpu = new SustainedThreshold(t.cpuMaxPercent(), t.cpuFor());
            this.memory = new SustainedThreshold(t.memoryMaxPercent(), t.memoryFor());
        }

        String id() {
            return instance.spec().id();
        }

        String loop() {
            return instance.spec().loop();
        }

        String version() {
            return instance.spec().version();
        }
    }
}
