package io.openclaw.deploy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample loop's counter over real HTTP: persisted on every acknowledged write, refused while frozen. */
class CounterStateTest {
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    SampleLoop loop;

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.stop();
        }
    }

    HttpResponse<String> call(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + loop.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachAcknowledgedPostIsPersistedAndAFreezeRefusesWritesUntilResumed() throws Exception {
        Path dir = tmp.resolve("state");
        loop = new SampleLoop(new LoopSettings(0, "memory_manager", "1.0.0", "blue", false, 0, 0, 0),
                FlagProbe.from(java.util.Map.of()), new CounterState(dir, null, "m:", "memory_manager-blue-0"));
        loop.start();

        assertThat(call("POST", "/counter").body()).contains("\"value\":1");
        assertThat(call("POST", "/counter").body()).contains("\"value\":2");
        Path own = dir.resolve("counts").resolve("memory_manager-blue-0");
        assertThat(Files.readString(own)).isEqualTo("2");

        assertThat(call("POST", "/state/freeze").statusCode()).isEqualTo(200);
        assertThat(call("POST", "/counter").statusCode()).isEqualTo(503);
        assertThat(call("DELETE", "/state/freeze").statusCode()).isEqualTo(200);
        assertThat(call("POST", "/counter").body()).contains("\"value\":3");

        // State staged from outside while the loop runs (the agent's rollback) is what the next write continues from.
        Files.writeString(own, "40");
        assertThat(call("POST", "/counter").body()).contains("\"value\":41");
        assertThat(call("GET", "/counter").body()).contains("\"value\":41");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("counts");
        }
    }

    @Test
    void theValueIsTheSumOfEveryInstancesCountAndAWriteChangesOnlyItsOwn() throws Exception {
        Path dir = tmp.resolve("state");
        Path counts = Files.createDirectories(dir.resolve("counts"));
        // What the agent's final copy of a canary leaves: the serving side's count beside the canary's own.
        Files.writeString(counts.resolve("memory_manager-blue-0"), "30");
        Files.writeString(counts.resolve("memory_manager-green-0"), "4");
        Files.writeString(counts.resolve(".memory_manager-blue-0123.part"), "999"); // the agent's copy in progress
        loop = new SampleLoop(new LoopSettings(0, "memory_manager", "2.0.0", "green", false, 0, 0, 0),
                FlagProbe.from(java.util.Map.of()), new CounterState(dir, null, "m:", "memory_manager-green-0"));
        loop.start();

        assertThat(call("POST", "/counter").body()).contains("\"value\":35");
        assertThat(Files.readString(counts.resolve("memory_manager-green-0"))).isEqualTo("5");
        assertThat(Files.readString(counts.resolve("memory_manager-blue-0"))).isEqualTo("30");
    }
}
