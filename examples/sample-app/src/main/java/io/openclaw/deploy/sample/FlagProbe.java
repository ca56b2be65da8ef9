package io.openclaw.deploy.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads one flag from the agent over OFREP (single-flag endpoint, JDK HTTP client, no SDK on purpose: the sample
 * has no dependencies) so the demo shows flags reaching real loop processes. The flag is {@code SAMPLE_FLAG}
 * (default {@code sample_feature}); the agent gives {@code OPENCLAW_FLAGS_URL} and {@code OPENCLAW_FLAGS_TOKEN}.
 */
final class FlagProbe {
    static final String DEFAULT_FLAG = "sample_feature";

    private final String url;
    private final String token;
    private final String flag;
    private final HttpClient http;
    /** Recent answers per targeting key, so a loop under load does not double its request count. */
    private final ConcurrentHashMap<String, Cached> recent = new ConcurrentHashMap<>();

    static final long CACHE_NANOS = Duration.ofMillis(250).toNanos();
    private static final int CACHE_KEYS = 1000;

    private record Cached(String answer, long at) {}

    private FlagProbe(String url, String token, String flag) {
        this.url = url;
        this.token = token;
        this.flag = flag;
        this.http = url == null ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    }

    static FlagProbe from(Map<String, String> env) {
        String url = env.get("OPENCLAW_FLAGS_URL");
        return new FlagProbe(url == null || url.isBlank() ? null : url.strip(),
                env.getOrDefault("OPENCLAW_FLAGS_TOKEN", "").strip(),
                env.getOrDefault("SAMPLE_FLAG", DEFAULT_FLAG).strip());
    }

    /**
     * The OFREP answer for the flag as a JSON object (success or OFREP failure), or {@code null} when the loop was
     * given no flags endpoint; a transport failure becomes {@code {"key":..,"error":".."}}. Answers are reused for
     * 250 ms per targeting key.
     */
    String evaluate(String targetingKey) {
        if (http == null) {
            return "null";
        }
        long now = System.nanoTime();
        Cached cached = recent.get(targetingKey);
        if (cached != null && now - cached.at() < CACHE_NANOS) {
            return cached.answer();
        }
        String answer = fetch(targetingKey);
        if (recent.size() >= CACHE_KEYS) {
            recent.clear();
        }
        recent.put(targetingKey, new Cached(answer, now));
        return answer;
    }

    private String fetch(String targetingKey) {
        String body = "{\"context\":{\"targetingKey\":\"" + Jsons.escape(targetingKey) + "\"}}";
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/ofrep/v1/evaluate/flags/" + flag))
                    .timeout(Duration.ofSeconds(2))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            String answer = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body().strip();
            if (answer.startsWith("{") && answer.endsWith("}")) {
                return answer;
            }
            return failure("unexpected answer from the flags endpoint");
        } catch (IOException e) {
            return failure("flags endpoint unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure("interrupted");
        }
    }

    private String failure(String message) {
        return "{\"key\":\"" + Jsons.escape(flag) + "\",\"error\":\"" + Jsons.escape(message) + "\"}";
    }
}
