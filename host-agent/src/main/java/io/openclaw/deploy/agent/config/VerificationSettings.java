package io.openclaw.deploy.agent.config;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The release verification checklist's thresholds (spec 10.2), {@code verification:} in agent.yaml.
 *
 * @param window             the router's window over which error rate and p95 latency are read
 * @param errorRateMaxPercent highest share of failed requests that passes, in percent
 * @param p95LatencyMaxMs    highest p95 latency that passes
 * @param cpuMaxPercent      highest CPU of any instance, and of all together, that passes (share of the machine)
 * @param memoryMaxPercent   highest memory of any instance, and of all together, that passes (share of physical memory)
 * @param resourceSample     how long CPU is measured over
 * @param dependencyTimeout  how long one dependency may take to answer (connect, TLS, first byte)
 * @param logErrorPattern    a line matching this regular expression is an error line
 * @param logErrorFactor     a loop's error lines may be this many times its share before the deployment
 * @param logErrorAllowance  error lines a loop may have beyond that (a first deployment has no baseline)
 * @param warnOnly           ids of the items that only warn when outside their threshold
 * @param dependencies       per loop, dependencies besides those its release declares
 */
public record VerificationSettings(Duration window, double errorRateMaxPercent, long p95LatencyMaxMs,
                                   double cpuMaxPercent, double memoryMaxPercent, Duration resourceSample,
                                   Duration dependencyTimeout, String logErrorPattern, double logErrorFactor,
                                   int logErrorAllowance, Set<String> warnOnly,
                                   Map<String, List<DependencyTarget>> dependencies) {

    /** The checklist's items, in its order (spec 10.2); the ids of the report and of {@code warn_only}. */
    public static final List<String> ITEMS = List.of("service_health", "loops_responding", "dependencies", "error_rate",
            "p95_latency", "cpu", "memory", "log_output", "metrics");

    public static final String DEFAULT_LOG_ERROR_PATTERN = "\\b(ERROR|FATAL|SEVERE)\\b|\\b\\w+(Exception|Error):";

    public static final VerificationSettings DEFAULTS = new VerificationSettings(Duration.ofSeconds(60), 0.1, 200,
            60, 70, Duration.ofSeconds(1), Duration.ofSeconds(3), DEFAULT_LOG_ERROR_PATTERN, 2.0, 0, Set.of(),
            Map.of());

    public VerificationSettings {
        warnOnly = Set.copyOf(warnOnly);
        Map<String, List<DependencyTarget>> copy = new TreeMap<>();
        dependencies.forEach((loop, targets) -> copy.put(loop, List.copyOf(targets)));
        dependencies = Collections.unmodifiableMap(copy);
    }

    public boolean warnsOnly(String item) {
        return warnOnly.contains(item);
    }

    public List<DependencyTarget> dependencies(String loop) {
        return dependencies.getOrDefault(loop, List.of());
    }

    public VerificationSettings withWarnOnly(Set<String> items) {
        return new VerificationSettings(window, errorRateMaxPercent, p95LatencyMaxMs, cpuMaxPercent, memoryMaxPercent,
                resourceSample, dependencyTimeout, logErrorPattern, logErrorFactor, logErrorAllowance, items,
                dependencies);
    }

    public VerificationSettings withDependencies(Map<String, List<DependencyTarget>> perLoop) {
        return new VerificationSettings(window, errorRateMaxPercent, p95LatencyMaxMs, cpuMaxPercent, memoryMaxPercent,
                resourceSample, dependencyTimeout, logErrorPattern, logErrorFactor, logErrorAllowance, warnOnly,
                perLoop);
    }
}
