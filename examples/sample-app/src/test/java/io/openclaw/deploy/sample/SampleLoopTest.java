package io.openclaw.deploy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real SampleLoop in this JVM, on an ephemeral loopback port. */
class SampleLoopTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    SampleLoop loop;

    SampleLoop start(boolean failHealth, double errorRate, long latencyMillis) throws Exception {
        loop = new SampleLoop(new LoopSettings(0, "gmail_processor", "1.4.2", "green", failHealth, errorRate, latencyMillis, 0));
        loop.start();
        return loop;
    }

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.stop();
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + loop.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAnswersUp() throws Exception {
        start(false, 0, 0);
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(r.body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void failingHealthAnswers503ButServesTraffic() throws Exception {
        start(true, 0, 0);
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(r.body()).get("reason").asText()).isEqualTo("SAMPLE_FAIL_HEALTH");
        assertThat(get("/work").statusCode()).isEqualTo(200);
    }

    @Test
    void anyOtherPathAnswersItsIdentity() throws Exception {
        start(false, 0, 0);
        for (String path : new String[] {"/version", "/mail/poll"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("loop").asText()).isEqualTo("gmail_processor");
            assertThat(body.get("version").asText()).isEqualTo("1.4.2");
            assertThat(body.get("slot").asText()).isEqualTo("green");
            assertThat(body.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(body.get("path").asText()).isEqualTo(path);
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + loop.port() + "/in"))
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(post.body()).get("bodyBytes").asLong()).isEqualTo(5);
    }

    @Test
    void errorRateFailsTrafficButNotHealth() throws Exception {
        start(false, 1.0, 0);
        HttpResponse<String> r = get("/work");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains("SAMPLE_ERROR_RATE");
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void errorRateIsExactOverTheWire() throws Exception {
        start(false, 0.05, 0);
        int errors = 0;
        for (int i = 0; i < 100; i++) {
            if (get("/work").statusCode() == 500) {
                errors++;
            }
        }
        assertThat(errors).isEqualTo(5);
    }

    @Test
    void latencyIsInjectedIntoTrafficOnly() throws Exception {
        start(false, 0, 400);
        long t0 = System.nanoTime();
        assertThat(get("/work").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        long t1 = System.nanoTime();
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofMillis(400));
    }
}
