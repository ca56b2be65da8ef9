package io.openclaw.deploy.agent.config;

import io.openclaw.deploy.agent.config.yaml.YamlNode;
import io.openclaw.deploy.agent.config.yaml.YamlObject;
import io.openclaw.deploy.agent.config.yaml.YamlObject.YamlValues;
import io.openclaw.deploy.agent.config.yaml.YamlProblem;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code verification:} the thresholds of the release verification checklist (spec 10.2). */
final class VerificationSection {
    static final String KEY = "verification";
    private static final Pattern LOOP_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private VerificationSection() {}

    static VerificationSettings read(YamlObject v, VerificationSettings d) {
        Duration window = v.durationInAnyUnit("window", d.window());
        double errorRate = Decimals.read(v, "error_rate_max_percent", d.errorRateMaxPercent(), 0, 100);
        long p95 = v.longInteger("p95_latency_max_ms", d.p95LatencyMaxMs(), 1, 3_600_000);
        double cpu = Decimals.read(v, "cpu_max_percent", d.cpuMaxPercent(), 1, 100);
        double memory = Decimals.read(v, "memory_max_percent", d.memoryMaxPercent(), 1, 100);
        Duration sample = v.durationInAnyUnit("resource_sample", d.resourceSample());
        Duration timeout = v.durationInAnyUnit("dependency_timeout", d.dependencyTimeout());
        String pattern = v.string("log_error_pattern", d.logErrorPattern());
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw v.problem("log_error_pattern", "is not a valid regular expression: " + e.getDescription());
        }
        double factor = Decimals.read(v, "log_error_factor", d.logErrorFactor(), 1, 1000);
        int allowance = v.integer("log_error_allowance", d.logErrorAllowance(), 0, 1_000_000);
        Set<String> warnOnly = warnOnly(v, d.warnOnly());
        Map<String, List<DependencyTarget>> dependencies = dependencies(v.object("dependencies"), d.dependencies());
        v.rejectUnknown();
        if (window.toSeconds() < 1 || window.toSeconds() > 300) {
            throw v.problem("window_seconds", "must be between 1 and 300 seconds (the router keeps 5 minutes)");
        }
        if (sample.toMillis() < 100 || sample.toSeconds() > 60) {
            throw v.problem("resource_sample_ms", "must be between 100 ms and 60 s");
        }
        if (timeout.toMillis() < 100 || timeout.toSeconds() > 60) {
            throw v.problem("dependency_timeout_ms", "must be between 100 ms and 60 s");
        }
        return new VerificationSettings(window, errorRate, p95, cpu, memory, sample, timeout, pattern, factor,
                allowance, warnOnly, dependencies);
    }

    private static Set<String> warnOnly(YamlObject v, Set<String> fallback) {
        String path = v.pathOf("warn_only");
        return v.list("warn_only").map(items -> {
            Set<String> ids = new LinkedHashSet<>();
            for (int i = 0; i < items.size(); i++) {
                String id = YamlValues.text(items.get(i), path + "[" + i + "]");
                if (!VerificationSettings.ITEMS.contains(id)) {
                    throw new YamlProblem(path + "[" + i + "]", items.get(i).location(),
                            "is not a checklist item (items: " + String.join(", ", VerificationSettings.ITEMS) + ")");
                }
                ids.add(id);
            }
            return ids;
        }).orElse(fallback);
    }

    private static Map<String, List<DependencyTarget>> dependencies(
            YamlObject loops, Map<String, List<DependencyTarget>> fallback) {
        if (loops.keys().isEmpty()) {
            return fallback;
        }
        Map<String, List<DependencyTarget>> perLoop = new LinkedHashMap<>();
        for (String loop : loops.keys()) {
            if (!LOOP_NAME.matcher(loop).matches()) {
                throw loops.problem(loop, "is not a loop name ([a-z][a-z0-9_]{0,63})");
            }
            String path = loops.pathOf(loop);
            List<YamlNode> items = loops.list(loop).orElseThrow();
            perLoop.put(loop, DependencyTarget.readList(items, path));
        }
        return perLoop;
    }

    static void write(ConfigFile f, VerificationSettings v) {
        f.comment("The release verification checklist (spec 10.2), run after every deployment and rollback and on")
                .comment("demand (openclaw-agent verify). A failed item fails a deployment (it is rolled back) unless")
                .comment("the item is in warn_only. Reference: docs/deployments.md#verification.")
                .section(KEY, null)
                .value(durationKey("window", v.window()), durationValue(v.window()),
                        "Error rate and p95 latency are read over the router's last window (at most 300 s).")
                .value("error_rate_max_percent", v.errorRateMaxPercent(),
                        "Highest share of failed requests (5xx and router errors) that passes, in percent.")
                .value("p95_latency_max_ms", v.p95LatencyMaxMs(), "Highest p95 latency of any loop that passes.")
                .value("cpu_max_percent", v.cpuMaxPercent(),
                        "Highest CPU of any loop instance, and of all of them together, that passes (share of the machine).")
                .value("memory_max_percent", v.memoryMaxPercent(),
                        "Highest memory of any loop instance, and of all of them together, that passes (share of physical memory).")
                .value(durationKey("resource_sample", v.resourceSample()), durationValue(v.resourceSample()),
                        "CPU is measured over this long.")
                .value(durationKey("dependency_timeout", v.dependencyTimeout()), durationValue(v.dependencyTimeout()),
                        "How long one dependency may take to answer; dependencies are checked in parallel.")
                .string("log_error_pattern", v.logErrorPattern(), "A log line matching this regular expression is an error line.")
                .value("log_error_factor", v.logErrorFactor(),
                        "A loop passes with up to this many times the share of error lines its logs had before the deployment...")
                .value("log_error_allowance", v.logErrorAllowance(), "...plus this many error lines.")
                .value("warn_only", v.warnOnly().isEmpty() ? "[]" : "[" + String.join(", ", v.warnOnly().stream()
                                .sorted().toList()) + "]",
                        "Items that only warn (" + String.join(", ", VerificationSettings.ITEMS) + ").");
        if (v.dependencies().isEmpty()) {
            f.comment("TCP or HTTP targets per loop, besides those its release declares, e.g.")
                    .comment("dependencies: {gmail_processor: [\"db.internal:5432\", \"https://gmail.googleapis.com\"]}");
        } else {
            f.section("dependencies", "TCP (host:port) or HTTP(S) targets per loop, besides those its release declares.");
            v.dependencies().forEach((loop, targets) -> f.value(loop, "[" + String.join(", ", targets.stream()
                    .map(t -> '"' + t.text() + '"').toList()) + "]", "What " + loop + " needs to reach."));
            f.end();
        }
        f.end();
    }

    private static boolean wholeSeconds(Duration d) {
        return d.toMillis() % 1000 == 0;
    }

    private static String durationKey(String stem, Duration d) {
        return stem + (wholeSeconds(d) ? "_seconds" : "_ms");
    }

    private static long durationValue(Duration d) {
        return wholeSeconds(d) ? d.toSeconds() : d.toMillis();
    }
}
