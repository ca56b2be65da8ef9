package io.openclaw.deploy.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The loop as the agent runs it: a separate process configured by the OPENCLAW_* environment. */
class SampleLoopProcessTest {
    static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) ");

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    @Test
    void runsFromTheEnvironmentTheAgentGives() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                SampleLoop.class.getName()).redirectErrorStream(true);
        pb.environment().put("OPENCLAW_PORT", "0");
        pb.environment().put("OPENCLAW_LOOP", "cron_scheduler");
        pb.environment().put("OPENCLAW_VERSION", "3.1.0");
        pb.environment().put("OPENCLAW_SLOT", "blue");
        Process process = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            return Integer.parseInt(m.group(1));
                        }
                    }
                    throw new IllegalStateException("loop exited without listening");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            int p = port.get(30, TimeUnit.SECONDS);
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/x")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = new ObjectMapper().readTree(r.body());
            assertThat(body.get("loop").asText()).isEqualTo("cron_scheduler");
            assertThat(body.get("version").asText()).isEqualTo("3.1.0");
            assertThat(body.get("slot").asText()).isEqualTo("blue");
            assertThat(body.get("pid").asLong()).isEqualTo(process.pid());
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void postShutdownAnswers202FinishesTheRequestInFlightAndExitsZero() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                SampleLoop.class.getName(), "--port", "0").redirectErrorStream(true);
        pb.environment().put("SAMPLE_LATENCY_MS", "1500"); // keeps a request in flight while the shutdown arrives
        Process process = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            for (String line; port < 0 && (line = out.readLine()) != null; ) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            CompletableFuture<HttpResponse<String>> slow = client.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + "/work")).build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(30)).until(() -> inFlight(client, base) == 1);

            HttpResponse<String> shutdown = client.send(HttpRequest.newBuilder(URI.create(base + "/shutdown"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(shutdown.statusCode()).isEqualTo(202);
            assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            String rest = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(rest).contains("shutdown requested over HTTP", "stopping");
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int inFlight(HttpClient client, String base) throws Exception {
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(health.body()).get("inFlight").asInt();
    }

    @Test
    void badSettingsExitWithStatusTwo() throws Exception {
        Process process = new ProcessBuilder(List.of(java(), "-cp", System.getProperty("java.class.path"),
                SampleLoop.class.getName(), "--port", "nope")).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(2);
            assertThat(output).contains("sample-loop: --port must be a whole number: nope");
        } finally {
            process.destroyForcibly();
        }
    }
}
