package io.openclaw.deploy.agent.verification;

import io.openclaw.deploy.agent.release.HealthCheck;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import io.openclaw.deploy.agent.supervisor.InstanceState;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Spec 10.2 "all agent loops responding" (spec 10.1's AgentLoopHealthCheck): every serving instance of every loop
 * answers its health check now, probed afresh rather than read from the supervisor's last round.
 */
final class LoopsRespondingCheck implements Check {
    /** A health timeout longer than this would hold the whole report; a loop that slow is not responding. */
    static final Duration LONGEST_PROBE = Duration.ofSeconds(10);

    /** One instance's answer: {@code problem} is empty when it answered healthy. */
    record InstanceProbe(String instance, Optional<String> problem) {}

    record LoopProbe(String loop, List<InstanceProbe> instances) {}

    private final HttpClient http;
    private final ExecutorService pool;

    LoopsRespondingCheck(HttpClient http, ExecutorService pool) {
        this.http = http;
        this.pool = pool;
    }

    @Override
    public String id() {
        return "loops_responding";
    }

    @Override
    public String title() {
        return "All agent loops responding";
    }

    @Override
    public Finding run(VerificationRun run) throws InterruptedException {
        List<LoopProbe> loops = new ArrayList<>();
        List<List<CompletableFuture<InstanceProbe>>> pending = new ArrayList<>();
        for (ServingLoop loop : run.loops()) {
            pending.add(loop.instances().stream()
                    .map(i -> CompletableFuture.supplyAsync(() -> probe(i), pool))
                    .toList());
        }
        for (int i = 0; i < run.loops().size(); i++) {
            List<InstanceProbe> probes = new ArrayList<>();
            for (CompletableFuture<InstanceProbe> f : pending.get(i)) {
                try {
                    probes.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            loops.add(new LoopProbe(run.loops().get(i).loop(), probes));
        }
        return judge(loops);
    }

    private InstanceProbe probe(InstanceSnapshot i) {
        String id = i.spec().id();
        if (i.state() != InstanceState.RUNNING) {
            return new InstanceProbe(id, Optional.of("is " + i.state()));
        }
        HealthCheck check = i.spec().health();
        Duration timeout = check == null || check.timeout() == null || check.timeout().compareTo(LONGEST_PROBE) > 0
                ? LONGEST_PROBE : check.timeout();
        Optional<String> problem;
        if (check != null && check.isHttp()) {
            String path = check.httpPath().startsWith("/") ? check.httpPath() : "/" + check.httpPath();
            try {
                problem = Probes.http(http, URI.create("http://127.0.0.1:" + i.spec().port() + path), timeout, false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem = Optional.of("interrupted");
            }
        } else {
            problem = Probes.tcp("127.0.0.1", i.spec().port(), timeout);
        }
        return new InstanceProbe(id, problem.map(p -> "health check on port " + i.spec().port() + " failed: " + p));
    }

    static Finding judge(List<LoopProbe> loops) {
        List<String> problems = new ArrayList<>();
        int responding = 0;
        for (LoopProbe loop : loops) {
            List<String> failed = new ArrayList<>();
            if (loop.instances().isEmpty()) {
                failed.add(loop.loop() + ": no instance of its version is running");
            }
            for (InstanceProbe i : loop.instances()) {
                i.problem().ifPresent(p -> failed.add(loop.loop() + ": " + i.instance() + " " + p));
            }
            if (failed.isEmpty()) {
                responding++;
            }
            problems.addAll(failed);
        }
        return Finding.judged(problems, responding + "/" + loops.size() + " loops responding",
                "all " + loops.size() + " loops");
    }
}
