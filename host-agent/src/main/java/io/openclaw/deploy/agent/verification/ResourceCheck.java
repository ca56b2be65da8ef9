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
 * Spec 10.2 "CPU usage < 60 %" and "memory usage < 70 %": every serving instance and the host as a whole, from one
 * measurement window (see {@link ResourceWindow}). One class for both items: they differ only in the figure read.
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
        return judge(perInstance, figure.host(figures), maxPercent);
    }

    private String threshold() {
        return "< " + ErrorRateCheck.percent(maxPercent) + " per instance and host";
    }

    /** @param perInstance the figure of each measured instance, in percent */
    static Finding judge(Map<String, Double> perInstance, double host, double maxPercent) {
        List<String> problems = new ArrayList<>();
        if (!(host < maxPercent)) {
            problems.add("host: " + shown(host));
        }
        String highest = null;
        double top = -1;
        for (Map.Entry<String, Double> e : perInstance.entrySet()) {
            if (e.getValue() > top) {
                top = e.getValue();
                highest = e.getKey();
            }
            if (!(e.getValue() < maxPercent)) {
                problems.add(e.getKey() + ": " + shown(e.getValue()));
            }
        }
        String measured = "host " + shown(host) + (highest == null ? ", no instance measured"
                : ", highest instance " + shown(top) + " (" + highest + ")");
        return Finding.judged(problems, measured, "< " + ErrorRateCheck.percent(maxPercent) + " per instance and host");
    }

    private static String shown(double percent) {
        return String.format(Locale.ROOT, "%.1f %%", percent);
    }
}
