package io.openclaw.deploy.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.openclaw.deploy.agent.router.Backend;
import io.openclaw.deploy.agent.router.LoopVersion;
import io.openclaw.deploy.agent.router.RouterSettings;
import io.openclaw.deploy.agent.router.RoutingTable;
import io.openclaw.deploy.agent.router.TrafficStats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The router as a real process of its own: started, adopted, restarted after a crash, stopped. */
class RouterKeeperTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> JVM = List.of("-Xmx64m");

    @TempDir
    Path tmp;

    private HttpServer backend;
    private RouterKeeper keeper;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void startBackend() throws Exception {
        backend = PathEchoBackend.start();
    }

    @AfterEach
    void stopAll() {
        if (keeper != null) {
            keeper.close();
        }
        backend.stop(0);
    }

    private RouterKeeper start() throws Exception {
        return RouterKeeper.startOrAdopt(new RouterFiles(tmp.resolve("router")), RouterSettings.of("127.0.0.1", 0),
                tmp.resolve("logs/router.log"), JVM, UnaryOperator.identity());
    }

    private RoutingTable table(long generation) {
        return new RoutingTable(generation, Map.of("tts_engine", List.of(new Backend("tts_engine-blue-0",
                "tts_engine", "1.0.0", "blue", "127.0.0.1", backend.getAddress().getPort(), 1))));
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aHeldHandleSendsNothingUntilItGoesLiveThenEveryTableIsRoutedAtOnce() throws Exception {
        keeper = start();
        RouterHandle router = keeper.router();
        router.publish(table(1));

        assertThat(get(router.port(), "/loops/tts_engine/speak").statusCode())
                .as("held: the router still has its (empty) last table").isEqualTo(404);

        router.goLive();
        assertThat(get(router.port(), "/loops/tts_engine/speak").body()).isEqualTo("served /speak");
        assertThat(router.servedTable().generation()).isEqualTo(1);
    }

    @Test
    void manyLoopVersionsTrafficInOneQuestionIsWhatEachAskedAloneGives() throws Exception {
        keeper = start();
        RouterHandle router = keeper.router();
        router.goLive();
        router.publish(table(1));
        for (int i = 0; i < 3; i++) {
            assertThat(get(router.port(), "/loops/tts_engine/speak").statusCode()).isEqualTo(200);
        }
        assertThat(get(router.port(), "/loops/nobody/x").statusCode()).isEqualTo(404);
        List<LoopVersion> asked = List.of(new LoopVersion("tts_engine", "1.0.0"), new LoopVersion("tts_engine", "2.0.0"),
                new LoopVersion("nobody", ""), new LoopVersion("tts_engine", ""));
        Duration window = Duration.ofMinutes(1);

        List<TrafficStats> together = router.trafficStatsInOneCall(asked, window);

        assertThat(together).hasSize(4);
        assertThat(together.get(0).requests()).isEqualTo(3);
        assertThat(together.get(1).requests()).isZero();
        for (int i = 0; i < asked.size(); i++) {
            TrafficStats alone = router.trafficStats(asked.get(i).loop(), asked.get(i).version(), window);
            assertThat(together.get(i)).as(asked.get(i).toString())
                    .usingRecursiveComparison().ignoringFields("p95LatencyMillis").isEqualTo(alone);
        }
        assertThat(router.trafficStats(asked, window)).usingRecursiveFieldByFieldElementComparatorIgnoringFields(
                "p95LatencyMillis").containsExactlyElementsOf(together);
        assertThat(router.trafficStats(List.of(), window)).isEmpty();
    }

    /**
     * The JDK derives a process' start time from the wall clock's boot time: once the clock is set (NTP), a new agent
     * reads the router's start seconds away from what the router recorded. Seen in CI: a 4 s step made every restart
     * start a second router, which could not bind the port, and the agent did not start.
     */
    @Test
    void aNewKeeperAdoptsTheRouterWhenTheClockWasSetSinceItStarted() throws Exception {
        keeper = start();
        keeper.router().goLive();
        keeper.router().publish(table(3));
        long pid = keeper.pid();
        keeper.detach();
        Path record = new RouterFiles(tmp.resolve("router")).process();
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(record.toFile());
        json.put("started", Instant.parse(json.get("started").asText()).plusSeconds(4).toString());
        Files.writeString(record, json.toString());

        keeper = start();

        assertThat(keeper.pid()).as("adopted, not restarted").isEqualTo(pid);
        assertThat(keeper.router().table().generation()).isEqualTo(3);
    }

    @Test
    void aNewKeeperAdoptsTheRunningRouterWhichKeptServingWithoutIt() throws Exception {
        keeper = start();
        keeper.router().goLive();
        keeper.router().publish(table(5));
        long pid = keeper.pid();
        int port = keeper.router().port();
        keeper.detach();

        assertThat(get(port, "/loops/tts_engine/a").body()).as("no agent, still routed").isEqualTo("served /a");
        keeper = start();

        assertThat(keeper.pid()).as("adopted, not restarted").isEqualTo(pid);
        assertThat(keeper.router().port()).isEqualTo(port);
        assertThat(keeper.router().table().generation()).as("the table it serves is known").isEqualTo(5);
    }

    @Test
    void aKilledRouterIsStartedAgainOnTheSamePortWithItsLastTable() throws Exception {
        keeper = start();
        keeper.router().goLive();
        keeper.router().publish(table(2));
        long firstPid = keeper.pid();
        int port = keeper.router().port();
        await().atMost(PATIENCE).until(() -> java.nio.file.Files.exists(tmp.resolve("router/table.json")));

        ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> keeper.pid() != firstPid && get(port, "/loops/tts_engine/b").statusCode() == 200);
        assertThat(get(port, "/loops/tts_engine/b").body()).isEqualTo("served /b");
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the listening socket is handed over with SCM_RIGHTS (epoll)")
    void aReplacedRouterRefusesNoConnectionAndFailsNoRequest() throws Exception {
        keeper = start();
        keeper.router().goLive();
        keeper.router().publish(table(1));
        long oldPid = keeper.pid();
        int port = keeper.router().port();
        try (RouterClientLoad fresh = new RouterClientLoad(port, "/loops/tts_engine/x", false);
                RouterClientLoad kept = new RouterClientLoad(port, "/loops/tts_engine/x", true)) {
            fresh.awaitMore(20);
            kept.awaitMore(20);

            keeper.replace();

            fresh.awaitMore(50);
            kept.awaitMore(50);
            await().atMost(PATIENCE).until(() -> ProcessHandle.of(oldPid).map(p -> !p.isAlive()).orElse(true));
            fresh.awaitMore(20);
            kept.awaitMore(20);
            assertThat(fresh.failures).as("new connection per request").isEmpty();
            assertThat(kept.failures).as("keep-alive connections").isEmpty();
        }
        assertThat(keeper.pid()).isNotEqualTo(oldPid);
        assertThat(keeper.router().port()).isEqualTo(port);
        assertThat(keeper.router().servedTable().generation()).as("the new router has the table").isEqualTo(1);
    }

    @Test
    void closingStopsTheProcess() throws Exception {
        keeper = start();
        ProcessHandle process = ProcessHandle.of(keeper.pid()).orElseThrow();

        keeper.close();

        assertThat(process.isAlive()).isFalse();
        keeper = null;
    }

    @Test
    void theAdminPortWantsTheToken() throws Exception {
        keeper = start();
        RouterWire.ProcessRecord record = RouterWire.read(
                java.nio.file.Files.readAllBytes(tmp.resolve("router/router.json")), RouterWire.ProcessRecord.class);

        HttpResponse<String> anonymous = get(record.adminPort(), "/v1/table");
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + record.adminPort() + "/v1/stop"))
                .header("Authorization", "Bearer not-the-token").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(ProcessHandle.of(record.pid()).map(ProcessHandle::isAlive)).contains(true);
    }
}
