package io.openclaw.deploy.agent.verification;

import io.openclaw.deploy.agent.config.DependencyTarget;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Spec 10.2 "database connections established" and "external services reachable": every target a serving loop
 * declares (in its release or in agent.yaml), each probed once, all in parallel, each within the timeout.
 */
final class DependenciesCheck implements Check {
    /** One target's answer; {@code problem} is empty when it was reached. */
    record DependencyProbe(String target, List<String> loops, Optional<String> problem) {}

    private final ExecutorService pool;
    private final Duration timeout;
    /** Made when a release first declares an HTTP dependency, not at the agent's start: see {@link #http()}. */
    private volatile HttpClient http;

    DependenciesCheck(ExecutorService pool, Duration timeout) {
        this.pool = pool;
        this.timeout = timeout;
    }

    /**
     * Dependencies may be outside: the system's proxy settings apply, and certificates are checked against the JDK's
     * trust store, whose reading is kept out of the agent's start (docs/reliability.md).
     */
    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                client = http;
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .connectTimeout(timeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .executor(pool)
                            .build();
                    http = client;
                }
            }
        }
        return client;
    }

    @Override
    public String id() {
        return "dependencies";
    }

    @Override
    public String title() {
        return "Databases and external services reachable";
    }

    @Override
    public Finding run(VerificationRun run) throws InterruptedException {
        Map<DependencyTarget, List<String>> byTarget = new LinkedHashMap<>();
        for (ServingLoop loop : run.loops()) {
            for (DependencyTarget t : loop.dependencies()) {
                byTarget.computeIfAbsent(t, k -> new ArrayList<>()).add(loop.loop());
            }
        }
        Map<DependencyTarget, CompletableFuture<Optional<String>>> pending = new LinkedHashMap<>();
        byTarget.keySet().forEach(t -> pending.put(t, CompletableFuture.supplyAsync(() -> probe(t), pool)));
        List<DependencyProbe> probes = new ArrayList<>();
        for (Map.Entry<DependencyTarget, CompletableFuture<Optional<String>>> e : pending.entrySet()) {
            try {
                probes.add(new DependencyProbe(e.getKey().text(), byTarget.get(e.getKey()), e.getValue().get()));
            } catch (ExecutionException failed) {
                throw new IllegalStateException(failed.getCause());
            }
        }
        return judge(probes, timeout);
    }

    private Optional<String> probe(DependencyTarget target) {
        if (!target.isHttp()) {
            return Probes.tcp(target.host(), target.port(), timeout);
        }
        try {
            return Probes.http(http(), target.url(), timeout, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    static Finding judge(List<DependencyProbe> probes, Duration timeout) {
        String threshold = "all reachable within " + timeout.toMillis() + " ms";
        if (probes.isEmpty()) {
            return Finding.pass("none declared", threshold);
        }
        List<String> problems = new ArrayList<>();
        for (DependencyProbe p : probes) {
            p.problem().ifPresent(why -> problems.add(p.target() + " (" + String.join(", ", p.loops())
                    + ") unreachable: " + why));
        }
        return Finding.judged(problems, (probes.size() - problems.size()) + "/" + probes.size() + " reachable",
                threshold);
    }
}
