package io.openclaw.deploy.agent.verification;

import io.openclaw.deploy.agent.router.TrafficStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Spec 10.2 "metrics flowing to monitoring": the agent scrapes its own {@code /metrics} as Prometheus would and
 * looks for the series it must hold now: the loops gauge, and for every loop that served requests in the window its
 * request counter and latency histogram.
 */
final class MetricsCheck implements Check {
    static final String LOOPS_RUNNING = "openclaw_agent_loops_running";
    static final String REQUESTS = "openclaw_router_requests_total";
    static final String DURATION_COUNT = "openclaw_router_request_duration_seconds_count";

    private final Supplier<MetricsScrape> scrape;

    MetricsCheck(Supplier<MetricsScrape> scrape) {
        this.scrape = scrape;
    }

    @Override
    public String id() {
        return "metrics";
    }

    @Override
    public String title() {
        return "Metrics flowing to monitoring";
    }

    @Override
    public Finding run(VerificationRun run) throws InterruptedException {
        // Scraped first: the scrape and the traffic reading (which the error rate item has most likely begun) are
        // each a call to the router process, and this way they overlap instead of following each other.
        String text;
        try {
            text = scrape.get().scrape();
        } catch (IOException | RuntimeException e) {
            return Finding.judged(List.of("scraping /metrics failed: " + Probes.describe(e)), "no scrape",
                    expected(run.traffic()).size() + " expected series");
        }
        return judge(expected(run.traffic()), Exposition.series(text));
    }

    static Set<String> expected(Map<String, TrafficStats> traffic) {
        Set<String> expected = new LinkedHashSet<>();
        expected.add(LOOPS_RUNNING);
        traffic.forEach((loop, stats) -> {
            if (stats.requests() > 0) {
                expected.add(REQUESTS + "{loop=\"" + loop + "\"}");
                expected.add(DURATION_COUNT + "{loop=\"" + loop + "\"}");
            }
        });
        return expected;
    }

    /**
     * @param expected names, or {@code name{loop="x"}} for a series of that name with that loop label
     * @param present  every series of the scrape as {@code name} and, when it has a loop label, {@code name{loop="x"}}
     */
    static Finding judge(Set<String> expected, Set<String> present) {
        List<String> missing = new ArrayList<>();
        for (String series : expected) {
            if (!present.contains(series)) {
                missing.add(series + " is missing");
            }
        }
        return Finding.judged(missing, (expected.size() - missing.size()) + "/" + expected.size()
                + " expected series present", "all expected series");
    }
}
