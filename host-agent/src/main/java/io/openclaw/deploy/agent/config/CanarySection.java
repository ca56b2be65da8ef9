package io.openclaw.deploy.agent.config;

import io.openclaw.deploy.agent.config.yaml.YamlNode;
import io.openclaw.deploy.agent.config.yaml.YamlObject;
import io.openclaw.deploy.agent.config.yaml.YamlObject.YamlValues;
import io.openclaw.deploy.agent.config.yaml.YamlProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code canary:} the phases, the analysis period and the thresholds a canary must stay within. */
final class CanarySection {
    static final String KEY = "canary";

    private CanarySection() {}

    /**
     * @param errorRateDefault the rollback trigger's threshold, taken when {@code thresholds.error_rate_max} is absent
     * @param latencyDefault   likewise for {@code thresholds.latency_p95_max_ms}
     */
    static RolloutConfig.Canary read(YamlObject canary, RolloutConfig.Canary d, double errorRateDefault,
            long latencyDefault) {
        List<RolloutConfig.Phase> phases = canary.list("phases").map(items -> phases(items, canary))
                .orElse(d.phases());
        Duration checkInterval = canary.durationInAnyUnit("check_interval", d.checkInterval());
        long minRequests = canary.longInteger("min_requests", d.minRequests(), 1, Long.MAX_VALUE);
        YamlObject thresholds = canary.object("thresholds");
        double errorRateMax = Decimals.read(thresholds, "error_rate_max", errorRateDefault, 0, 1);
        long latency = thresholds.longInteger("latency_p95_max_ms", latencyDefault, 1, Integer.MAX_VALUE);
        double cpu = Decimals.read(thresholds, "cpu_max_percent", d.cpuMaxPercent(), 0, 100_000);
        thresholds.rejectUnknown();
        YamlObject segment = canary.object("segment");
        String segmentHeader = segment.string("header", d.segmentHeader());
        List<String> segmentValues = segment.list("values")
                .map(items -> items.stream().map(n -> YamlValues.text(n, segment.pathOf("values"))).toList())
                .orElse(d.segmentValues());
        if (segmentHeader != null && segmentValues.isEmpty()) {
            throw segment.problem("values", "must list the header values that reach the canary");
        }
        segment.rejectUnknown();
        String stickyHeader = canary.string("sticky_header", d.stickyHeader());
        RolloutConfig.OnInconclusive onInconclusive = onInconclusive(canary, d.onInconclusive());
        canary.rejectUnknown();
        return new RolloutConfig.Canary(phases, checkInterval, minRequests, errorRateMax, latency, cpu,
                blankToNull(segmentHeader), segmentValues, blankToNull(stickyHeader), onInconclusive);
    }

    private static RolloutConfig.OnInconclusive onInconclusive(YamlObject canary, RolloutConfig.OnInconclusive d) {
        String text = canary.string("on_inconclusive", d.key()).trim();
        for (RolloutConfig.OnInconclusive value : RolloutConfig.OnInconclusive.values()) {
            if (value.key().equals(text)) {
                return value;
            }
        }
        throw canary.problem("on_inconclusive", "must be pause, proceed or rollback, got '" + text + "'");
    }

    private static String blankToNull(String header) {
        return header == null || header.isBlank() ? null : header.trim();
    }

    private static List<RolloutConfig.Phase> phases(List<YamlNode> items, YamlObject canary) {
        String path = canary.pathOf("phases");
        if (items.isEmpty()) {
            throw canary.problem("phases", "must list at least one phase");
        }
        List<RolloutConfig.Phase> phases = new ArrayList<>();
        int previous = 0;
        for (int i = 0; i < items.size(); i++) {
            YamlObject phase = YamlObject.of(items.get(i), path + "[" + i + "]");
            int percentage = phase.integer("percentage", -1, 1, 100);
            if (percentage < 0) {
                throw phase.problem("needs a percentage (1-100)");
            }
            if (percentage <= previous) {
                throw phase.problem("percentage", "must be higher than the previous phase's " + previous);
            }
            previous = percentage;
            Duration duration = phase.durationInAnyUnit("duration", Duration.ZERO);
            boolean last = i == items.size() - 1;
            if (!last && duration.isZero()) {
                throw phase.problem("needs a duration (duration_seconds or duration_minutes); only the last phase may"
                        + " go without one");
            }
            phase.rejectUnknown();
            phases.add(new RolloutConfig.Phase(percentage, duration));
        }
        if (previous != 100) {
            throw new YamlProblem(path, items.get(items.size() - 1).location(),
                    "must end with a phase at percentage 100 (the promotion)");
        }
        return phases;
    }

    static void write(ConfigFile f, RolloutConfig.Canary c) {
        f.section(KEY, "Canary releases: the new version runs beside the stable one and takes a growing share of"
                + " traffic, analysed at every check.");
        f.comment("Phases: the canary's share of traffic (percent) and how long it is held; the last one is 100.");
        f.section("phases", null);
        for (RolloutConfig.Phase p : c.phases()) {
            f.item("percentage: " + p.percentage()
                    + (p.duration().isZero() ? "" : ", duration_seconds: " + p.duration().toSeconds()));
        }
        f.end();
        f.value("check_interval_seconds", c.checkInterval().toSeconds(), "Period of the canary analysis.")
                .value("min_requests", c.minRequests(),
                        "A window with fewer canary requests is inconclusive: it neither passes nor fails.")
                .value("on_inconclusive", c.onInconclusive().key(), "A phase over with no passing check, the last"
                        + " inconclusive: pause (for a person), proceed or rollback.")
                .section("thresholds", "A check fails (and the canary is rolled back) above these.")
                .value("error_rate_max", c.errorRateMax(), "Share of canary requests answered 5xx or failed.")
                .value("latency_p95_max_ms", c.latencyP95MaxMs(), "95th percentile of canary request duration.")
                .value("cpu_max_percent", c.cpuMaxPercent(), "CPU of a canary instance (alert only).")
                .end();
        if (c.segmentHeader() != null) {
            f.section("segment", "Requests whose header has one of these values always reach the canary.")
                    .string("header", c.segmentHeader(), "Header name, e.g. X-OpenClaw-User-Tier.")
                    .value("values", c.segmentValues().stream().map(v -> '"' + v + '"').toList(), "Header values.")
                    .end();
        }
        if (c.stickyHeader() != null) {
            f.string("sticky_header", c.stickyHeader(),
                    "Requests with this header stay on one version per value as the percentage rises.");
        }
        f.end();
    }
}
