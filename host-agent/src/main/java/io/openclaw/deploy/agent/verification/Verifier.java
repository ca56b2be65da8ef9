package io.openclaw.deploy.agent.verification;

import io.openclaw.deploy.agent.config.VerificationSettings;
import io.openclaw.deploy.agent.resources.RecentResources;
import io.openclaw.deploy.agent.resources.ResourceWindow;
import io.openclaw.deploy.agent.router.Router;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import io.openclaw.deploy.protocol.VerificationItem;
import io.openclaw.deploy.protocol.VerificationReport;
import io.openclaw.deploy.protocol.VerificationVerdict;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the release verification checklist (spec 10.2) over the loops as they serve now and records each item with
 * its figure, threshold and verdict. The items run in parallel, each bounded, so a report takes about as long as its
 * slowest item (the resource window or a dependency's timeout), not their sum.
 */
public final class Verifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);
    /** Beyond its own timeouts, how long an item may run before it is reported as not finished. */
    private static final Duration MARGIN = Duration.ofSeconds(15);

    private final VerificationSettings settings;
    private final Router router;
    private final Path logsDir;
    private final Function<InstanceSpec, Path> logFile;
    private final LogTally logs;
    private final Clock clock;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "verification");
        t.setDaemon(true);
        return t;
    });
    private final List<Check> checks;
    private volatile MetricsScrape scrape;
    private volatile RecentResources recentResources = RecentResources.NONE;
    private volatile LogBaseline lastBaseline = LogBaseline.NONE;
    private final ScheduledExecutorService logCounting = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "log-counting");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param routerHealth where the router's {@code GET /health} is
     * @param logFile      where an instance writes its output (the supervisor's layout under {@code logsDir})
     * @param scrape       how the agent reads its own metrics until {@link #scrapeWith} says otherwise
     */
    public Verifier(VerificationSettings settings, Router router, Supplier<URI> routerHealth, Path logsDir,
            Function<InstanceSpec, Path> logFile, MetricsScrape scrape, Clock clock) {
        this.settings = settings;
        this.router = router;
        this.logsDir = logsDir;
        this.logFile = logFile;
        this.clock = clock;
        this.scrape = Objects.requireNonNull(scrape, "scrape");
        this.logs = new LogTally(new LogReader(Pattern.compile(settings.logErrorPattern())));
        HttpClient loopback = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(LoopsRespondingCheck.LONGEST_PROBE)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .executor(pool)
                .build();
        this.checks = List.of(
                new ServiceHealthCheck(loopback, routerHealth, LoopsRespondingCheck.LONGEST_PROBE),
                new LoopsRespondingCheck(loopback, pool),
                new DependenciesCheck(pool, settings.dependencyTimeout()),
                new ErrorRateCheck(settings.window(), settings.errorRateMaxPercent()),
                new LatencyCheck(settings.window(), settings.p95LatencyMaxMs()),
                new ResourceCheck(ResourceCheck.Figure.CPU, settings.cpuMaxPercent()),
                new ResourceCheck(ResourceCheck.Figure.MEMORY, settings.memoryMaxPercent()),
                new LogOutputCheck(logFile, logs, settings.logErrorFactor(), settings.logErrorAllowance()),
                new MetricsCheck(() -> this.scrape));
    }

    /** Reads the metrics as a monitoring system does from now on (the control API's {@code /metrics} once it is up). */
    public void scrapeWith(MetricsScrape newScrape) {
        this.scrape = Objects.requireNonNull(newScrape, "scrape");
    }

    /**
     * Where a rollback's and an on-demand verification find CPU and memory figures already measured (the resource
     * monitor), instead of sampling for {@code resource_sample} themselves.
     */
    public void readRecentResourcesFrom(RecentResources recent) {
        this.recentResources = Objects.requireNonNull(recent, "recent");
    }

    /**
     * Counts what the instances write to their logs as they go, every {@code period}, so that a verification (a
     * rollback's above all) reads only the last moments' lines instead of up to each file's last 4 MiB: the same
     * counting, done before it is waited for. A file that cannot be read is left to the verification to report.
     */
    public void countLogsAhead(Supplier<List<InstanceSnapshot>> instances, Duration period) {
        logCounting.scheduleWithFixedDelay(() -> {
            try {
                for (InstanceSnapshot instance : instances.get()) {
                    try {
                        logs.countAhead(logFile.apply(instance.spec()));
                    } catch (IOException e) {
                        LOG.debug("Counting the log of {} ahead: {}", instance.spec().id(), e.toString());
                    }
                }
            } catch (RuntimeException e) {
                // A task that throws is never run again: this round is lost, not the counting.
                LOG.warn("Counting the loops' logs ahead failed this time", e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many bytes of the log are counted and remembered. */
    long counted(Path log) {
        return logs.remembered(log);
    }

    /**
     * Takes the loops' log baseline before a deployment or rollback changes them; it is also what an on-demand
     * verification compares with until the next one.
     */
    public LogBaseline baseline(List<ServingLoop> loops) {
        Map<String, List<Path>> filesPerLoop = new LinkedHashMap<>();
        for (ServingLoop loop : loops) {
            filesPerLoop.put(loop.loop(), loop.instances().stream().map(i -> logFile.apply(i.spec())).toList());
        }
        Map<Path, Long> sizes = new HashMap<>();
        if (Files.isDirectory(logsDir)) {
            try (Stream<Path> files = Files.find(logsDir, 2, (p, a) -> a.isRegularFile()
                    && p.getFileName().toString().endsWith(".log"))) {
                files.forEach(p -> {
                    try {
                        sizes.put(LogBaseline.key(p), Files.size(p));
                    } catch (IOException e) {
                        // gone meanwhile: read from its start if it comes back
                    }
                });
            } catch (IOException e) {
                LOG.warn("Log baseline: cannot list {}: {}", logsDir, e.toString());
            }
        }
        LogBaseline baseline = new LogBaseline(filesPerLoop, sizes);
        lastBaseline = baseline;
        return baseline;
    }

    /** The baseline of the last deployment or rollback ({@link LogBaseline#NONE} before the first). */
    public LogBaseline lastBaseline() {
        return lastBaseline;
    }

    /**
     * Runs every item now.
     *
     * @param trigger      {@link VerificationReport#TRIGGER_DEPLOY}, {@code _ROLLBACK} or {@code _ON_DEMAND}
     * @param deploymentId the deployment verified, or null
     */
    public VerificationReport verify(String trigger, String deploymentId, List<ServingLoop> loops, LogBaseline baseline)
            throws InterruptedException {
        List<Long> pids = loops.stream().flatMap(l -> l.instances().stream()).map(InstanceSnapshot::pid)
                .filter(pid -> pid > 0).toList();
        // Read before the items' deadline starts, as it was once read before the switch: up to 4 MiB of each log, less
        // what was counted ahead.
        long sharesStart = System.nanoTime();
        Map<String, LogBaseline.LogCount> before = LogOutputCheck.sharesBefore(baseline, loops, logs);
        long sharesMillis = (System.nanoTime() - sharesStart) / 1_000_000;
        VerificationRun run = new VerificationRun(loops, baseline, before,
                () -> resources(trigger, Set.copyOf(pids)), () -> ErrorRateCheck.traffic(router, loops, settings.window()));
        long start = System.nanoTime();
        Map<Check, Long> tookNanos = new ConcurrentHashMap<>();
        Map<Check, Future<Finding>> pending = new LinkedHashMap<>();
        for (Check check : checks) {
            pending.put(check, pool.submit(() -> {
                try {
                    return check.run(run);
                } finally {
                    tookNanos.put(check, System.nanoTime() - start);
                }
            }));
        }
        long deadline = System.nanoTime() + longestItem().toNanos();
        List<VerificationItem> items = new ArrayList<>();
        try {
            for (Map.Entry<Check, Future<Finding>> e : pending.entrySet()) {
                items.add(item(e.getKey(), outcome(e.getKey(), e.getValue(), deadline)));
            }
        } finally {
            pending.values().forEach(f -> f.cancel(true));
        }
        boolean passed = items.stream().noneMatch(i -> i.verdict() == VerificationVerdict.FAIL);
        VerificationReport report = new VerificationReport(trigger, deploymentId, clock.instant(), passed, items);
        LOG.info("Verification ({}{}): {} in {} ms (slowest: {}; the loops' log shares before: {} ms)", trigger,
                deploymentId == null ? "" : " " + deploymentId,
                passed ? "passed" : "failed: " + report.failureSummary(), (System.nanoTime() - start) / 1_000_000,
                slowest(tookNanos), sharesMillis);
        return report;
    }

    /**
     * A deployment's instances are new: they are measured now, over {@code resource_sample}. A rollback returns to
     * instances that have been running, and an on-demand report describes the release as it runs: both take the
     * resource monitor's last figures when it has them for every instance (a rollback is not kept waiting a second
     * for its CPU item), and measure otherwise.
     */
    private ResourceWindow.Figures resources(String trigger, Set<Long> pids) throws InterruptedException {
        if (!VerificationReport.TRIGGER_DEPLOY.equals(trigger)) {
            Optional<ResourceWindow.Figures> recent = recentResources.recent(pids);
            if (recent.isPresent()) {
                return recent.get();
            }
        }
        return new ResourceWindow().measure(pids, settings.resourceSample());
    }

    private static String slowest(Map<Check, Long> tookNanos) {
        return tookNanos.entrySet().stream().sorted(Map.Entry.<Check, Long>comparingByValue().reversed()).limit(3)
                .map(e -> e.getKey().id() + " " + e.getValue() / 1_000_000 + " ms")
                .collect(Collectors.joining(", "));
    }

    private Duration longestItem() {
        Duration own = settings.dependencyTimeout().compareTo(settings.resourceSample()) > 0
                ? settings.dependencyTimeout() : settings.resourceSample();
        return own.plus(LoopsRespondingCheck.LONGEST_PROBE).plus(MARGIN);
    }

    private static Finding outcome(Check check, Future<Finding> future, long deadline) throws InterruptedException {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Finding.judged(List.of(check.id() + " did not finish in time"), "not measured", "-");
        } catch (ExecutionException e) {
            LOG.warn("Verification item {} failed", check.id(), e.getCause());
            return Finding.judged(List.of("the check failed: " + e.getCause()), "not measured", "-");
        }
    }

    private VerificationItem item(Check check, Finding f) {
        VerificationVerdict verdict = f.within() ? VerificationVerdict.PASS
                : settings.warnsOnly(check.id()) ? VerificationVerdict.WARN : VerificationVerdict.FAIL;
        return new VerificationItem(check.id(), check.title(), verdict, f.measured(), f.threshold(), f.details());
    }

    @Override
    public void close() {
        logCounting.shutdownNow();
        pool.shutdownNow();
    }
}
