package io.openclaw.deploy.agent.state;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A loop's {@code state.freeze} hook: {@code POST <path>} on each serving instance asks it to finish the writes in
 * flight and refuse new ones (the loop answers once no write is in progress); {@code DELETE <path>} lets it write
 * again. The final copy of an atomic cutover runs between the two, so no acknowledged write can be missing from it.
 */
public final class FreezeHook {
    /** A loop finishes its writes in flight before answering: more than a health check, far less than a drain. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Instances paused by {@link #freeze}. */
    public interface Frozen {
        /** @return the instances that did not confirm the resume, as {@code port: reason} */
        List<String> resume();
    }

    /**
     * Freezes every instance, or none: when one refuses, those already frozen are resumed and the step fails.
     *
     * @param ports the serving instances' ports on loopback
     */
    public Frozen freeze(String loop, String path, List<Integer> ports) throws StateMigrationException {
        List<Integer> frozen = new ArrayList<>();
        for (int port : ports) {
            String problem = call("POST", port, path);
            if (problem != null) {
                resume(path, frozen);
                throw new StateMigrationException("loop " + loop + " did not pause its writes for the final state copy"
                        + " (POST " + path + " on port " + port + ": " + problem + ")");
            }
            frozen.add(port);
        }
        return () -> resume(path, frozen);
    }

    /** @return the instances that did not confirm, as {@code port: reason} */
    public List<String> resume(String path, List<Integer> ports) {
        List<String> failed = new ArrayList<>();
        for (int port : ports) {
            String problem = call("DELETE", port, path);
            if (problem != null) {
                failed.add(port + ": " + problem);
            }
        }
        return failed;
    }

    /** @return null on a 2xx answer, otherwise what went wrong */
    private String call(String method, int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(TIMEOUT)
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() / 100 == 2 ? null : "answered " + response.statusCode();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
