package io.openclaw.deploy.agent.verification;

import io.openclaw.deploy.agent.resources.ResourceUsage;
import io.openclaw.deploy.agent.resources.ResourceWindow;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Spec 10.2 "CPU usage < 60 %" and "memory usage < 70 %": every serving instance and the release's instances
 * together, from one measurement (a {@link ResourceWindow}, or the resource monitor's last figures, as the
 * {@link Verifier} chooses), the host's figure beside them. One class for both items: they differ only in the figure
 * read.
 */
final class ResourceCheck implements Check {
    @SuppressWarnings("ImmutableEnumChecker") // method references to a record's accessors hold no state
    enum Figure {
        CPU("cpu", "CPU usage", ResourceUsage::cpuPercent),
        MEMORY("memory", "Memory usage", ResourceUsage::memoryPercent);

        final String id;
        final String words;
        final ToDoubleFunction<ResourceUsage> read;

        Figure(String id, String words, ToDoubleFunction<ResourceUsage> read) {
            this.id = id;
            this.words = words;
            this.read = read;
        }

        double host(ResourceWindow.Figures f) {
            return this == CPU ? f.hostCpuPercent() : f.hostMemoryPercent();
        }
    }

    private final Figure figure;
    private final double maxPercent;

    ResourceCheck(Figure figure, double maxPercent) {
        this.figure = figure;
        this.maxPercent = maxPercent;
    }

    @Override
    public String id() {
        return figure.id;
    }

    @Override
    public String title() {
        return figure.words + " < " + ErrorRateCheck.percent(maxPercent);
    }

    @Override
    public Finding run(VerificationRun run) throws InterruptedException {
        ResourceWindow.Figures figures;
        try {
            figures = run.resources();
        } catch (VerificationRun.ResourcesUnavailable e) {
            return Finding.judged(List.of("this system's figures cannot be read: " + e.getMessage()), "not measured",
                    threshold());
        }
        Map<String, Double> perInstance = new LinkedHashMap<>();
        for (ServingLoop loop : run.loops()) {
            for (InstanceSnapshot i : loop.instances()) {
                ResourceUsage usage = figures.processes().get(i.pid());
                if (usage != null) {
                    perInstance.put(i.spec().id(), figure.read.applyAsDouble(usage));
                }
            }
        }
        Finding judged = judge(perInstance, figure.host(figures), maxPercent);
        return new Finding(judged.within(), judged.measured() + "; " + figures.basis(), judged.threshold(),
                judged.details());
    }

    private String threshold() {
        return THRESHOLD.formatted(ErrorRateCheck.percent(maxPercent));
    }

    private static final String THRESHOLD = "< %s per instance and for the release's instances together";

    /**
     * The release answers for its own processes: each instance, and all of them together, below the limit. The host's
     * figure is shown beside them but does not fail the release: on a machine that other work keeps busy (a build, a
     * backup) a sound release must not be rolled back for load it did not cause.
     *
     * @param perInstance the figure of each measured instance, in percent
     */
    static Finding judge(Map<String, Double> perInstance, double host, double maxPercent) {
        List<String> problems = new ArrayList<>();
        String highest = null;
        double top = -1;
        double together = 0;
        for (Map.Entry<String, Double> e : perInstance.entrySet()) {
            together += e.getValue();
            if (e.getValue() > top) {
                top = e.getValue();
                highest = e.getKey();
            }
            if (!(e.getValue() < maxPercent)) {
                problems.add(e.getKey() + ": " + shown(e.getValue()));
            }
        }
        if (perInstance.size() > 1 && !(together < maxPercent)) {
            problems.add(perInstance.size() + " instances together: " + shown(together));
        }
        String measured = highest == null ? "no instance measured, host " + shown(host)
                : "instances together " + shown(together) + ", highest " + shown(top) + " (" + highest + "), host "
                        + shown(host);
        return Finding.judged(problems, measured, THRESHOLD.formatted(ErrorRateCheck.percent(maxPercent)));
    }

    private static String shown(double percent) {
        return String.format(Locale.ROOT, "%.1f %%", percent);
    }
}
