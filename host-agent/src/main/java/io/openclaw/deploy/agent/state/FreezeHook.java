package io.openclaw.deploy.agent.state;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A loop's {@code state.freeze} hook: {@code POST <path>} on each serving instance asks it to finish the writes in
 * flight and refuse new ones (the loop answers once no write is in progress); {@code DELETE <path>} lets it write
 * again. The final copy of an atomic cutover runs between the two, so no acknowledged write can be missing from it.
 */
public final class FreezeHook {
    /** A loop finishes its writes in flight before answering: more than a health check, far less than a drain. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * HTTP/1.1, as the loops speak it (and as the verification's probes ask): the JDK client's default offers each loop
     * an upgrade to HTTP/2 on every new connection, headers a loop's server need not accept, inside the pause that
     * holds a cutover's writes.
     */
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /** Instances paused by {@link #freeze}. */
    public interface Frozen {
        /** @return the instances that did not confirm the resume, as {@code port: reason} */
        List<String> resume();
    }

    /**
     * Freezes every instance, or none: when one refuses, those that did pause are resumed and the step fails. The
     * instances are asked all at once, since the switch waits for the slowest of them, not for their sum.
     *
     * @param ports the serving instances' ports on loopback
     */
    public Frozen freeze(String loop, String path, List<Integer> ports) throws StateMigrationException {
        Map<Integer, String> refused = callAll("POST", path, ports);
        List<Integer> frozen = ports.stream().filter(port -> !refused.containsKey(port)).toList();
        if (!refused.isEmpty()) {
            resume(path, frozen);
            Map.Entry<Integer, String> first = refused.entrySet().iterator().next();
            throw new StateMigrationException("loop " + loop + " did not pause its writes for the final state copy"
                    + " (POST " + path + " on port " + first.getKey() + ": " + first.getValue() + ")");
        }
        return () -> resume(path, frozen);
    }

    /** @return the instances that did not confirm, as {@code port: reason} */
    public List<String> resume(String path, List<Integer> ports) {
        Map<Integer, String> failed = callAll("DELETE", path, ports);
        return failed.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    }

    /** @return what went wrong, by port in the order given, for each instance that did not answer 2xx */
    private Map<Integer, String> callAll(String method, String path, List<Integer> ports) {
        Map<Integer, CompletableFuture<String>> calls = new LinkedHashMap<>();
        for (int port : ports) {
            calls.put(port, call(method, port, path));
        }
        Map<Integer, String> problems = new LinkedHashMap<>();
        for (Map.Entry<Integer, CompletableFuture<String>> call : calls.entrySet()) {
            String problem = outcome(call.getValue());
            if (problem != null) {
                problems.put(call.getKey(), problem);
            }
        }
        return problems;
    }

    /** Completes with null on a 2xx answer, otherwise with what went wrong. */
    private CompletableFuture<String> call(String method, int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(TIMEOUT)
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> failure != null ? describe(failure)
                        : response.statusCode() / 100 == 2 ? null : "answered " + response.statusCode());
    }

    private static String outcome(CompletableFuture<String> call) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            return "interrupted";
        } catch (ExecutionException e) {
            return describe(e.getCause());
        }
    }

    /** The I/O failure itself (e.g. the connection refused, the timeout), not the future's wrapper around it. */
    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.toString();
    }
}
