package io.openclaw.deploy.agent.verification;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** Spec 10.2 "service health endpoint returns 200": the router's own {@code GET /health}. */
final class ServiceHealthCheck implements Check {
    private final HttpClient http;
    private final Supplier<URI> healthUri;
    private final Duration timeout;

    ServiceHealthCheck(HttpClient http, Supplier<URI> healthUri, Duration timeout) {
        this.http = http;
        this.healthUri = healthUri;
        this.timeout = timeout;
    }

    @Override
    public String id() {
        return "service_health";
    }

    @Override
    public String title() {
        return "Service health endpoint returns 200";
    }

    @Override
    public Finding run(VerificationRun run) throws InterruptedException {
        URI uri = healthUri.get();
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return judge(uri, answer.statusCode(), answer.body(), (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            return Finding.judged(List.of("GET " + uri + " failed: " + e), "no answer", "HTTP 200");
        }
    }

    static Finding judge(URI uri, int status, String body, long millis) {
        String measured = "HTTP " + status + " in " + millis + " ms";
        if (status == 200) {
            return Finding.pass(measured, "HTTP 200");
        }
        String shown = body == null ? "" : body.strip();
        shown = shown.length() > 300 ? shown.substring(0, 300) + "..." : shown;
        return Finding.judged(List.of("GET " + uri + " answered " + status + (shown.isEmpty() ? "" : ": " + shown)),
                measured, "HTTP 200");
    }
}
