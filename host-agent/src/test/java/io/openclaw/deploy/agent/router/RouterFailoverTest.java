package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterFailoverTest {
    private final List<AutoCloseable> resources = new ArrayList<>();
    private RouterFixture fixture;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private TestBackend backend(String name) throws IOException {
        TestBackend b = TestBackend.start(name);
        resources.add(b);
        return b;
    }

    @Test
    void connectFailureIsRetriedOnAnotherInstance() throws Exception {
        fixture = RouterFixture.started();
        TestBackend live = backend("live");
        Backend dead = new Backend("dead", "mail", "v1", "blue", "127.0.0.1", RouterFixture.deadPort(), 1);
        fixture.route("mail", dead, live.backend("mail", "v1", "blue", 1));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> response = fixture.get("/loops/mail/n/" + i);
            statuses.add(response.statusCode());
            assertThat(response.body()).isEqualTo("live");
        }

        assertThat(statuses).containsOnly(200);
        assertThat(live.seen()).hasSize(200);
        assertThat(fixture.router.inFlight("dead")).isZero();
    }

    @Test
    void noInstanceAcceptingIs502() throws Exception {
        fixture = RouterFixture.started();
        fixture.route("mail",
                new Backend("dead-1", "mail", "v1", "blue", "127.0.0.1", RouterFixture.deadPort(), 1),
                new Backend("dead-2", "mail", "v1", "blue", "127.0.0.1", RouterFixture.deadPort(), 1));

        HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/loops/mail/x"))
                .POST(HttpRequest.BodyPublishers.ofString("payload")).build());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("\"loop\":\"mail\"").contains("\"error\":");
        assertThat(fixture.router.trafficStats("mail", "v1", Duration.ofMinutes(1)).routerErrors()).isEqualTo(1);
        assertThat(fixture.metricsText()).containsPattern(
                "openclaw_router_requests_total\\{loop=\"mail\",slot=\"blue\",status_class=\"error\",version=\"v1\"} 1");
    }

    @Test
    void backendSilentPastResponseTimeoutIs504() throws Exception {
        fixture = new RouterFixture(new RouterSettings("127.0.0.1", 0, Duration.ofSeconds(2), Duration.ofMillis(300), 3));
        CountDownLatch release = new CountDownLatch(1);
        resources.add(release::countDown);
        TestBackend stuck = TestBackend.start("stuck", exchange -> {
            TestBackend.drain(exchange.getRequestBody());
            awaitQuietly(release);
            exchange.sendResponseHeaders(200, -1);
        });
        resources.add(0, stuck);
        fixture.route("mail", stuck.backend("mail", "v1", "blue", 1));

        HttpResponse<String> response = fixture.get("/loops/mail/slow");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("\"loop\":\"mail\"");
        assertThat(fixture.router.inFlight("stuck")).isZero();
    }

    @Test
    void swapUnderConcurrentLoadFailsNothingAndSendsNewRequestsToTheNewVersion() throws Exception {
        fixture = RouterFixture.started();
        TestBackend v1a = backend("v1-a");
        TestBackend v1b = backend("v1-b");
        TestBackend v2a = backend("v2-a");
        TestBackend v2b = backend("v2-b");
        fixture.route("mail", v1a.backend("mail", "v1", "blue", 1), v1b.backend("mail", "v1", "blue", 1));

        record Outcome(long startedNanos, int status, String body) {
        }
        Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread client = new Thread(() -> {
                while (running.get()) {
                    long started = System.nanoTime();
                    try {
                        HttpResponse<String> r = fixture.get("/loops/mail/work");
                        outcomes.add(new Outcome(started, r.statusCode(), r.body()));
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }, "load-" + t);
            client.start();
            clients.add(client);
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> outcomes.size() >= 200);
            fixture.route("mail", v2a.backend("mail", "v2", "green", 1), v2b.backend("mail", "v2", "green", 1));
            long published = System.nanoTime();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> outcomes.stream().filter(o -> o.startedNanos() > published).count() >= 200);
            running.set(false);
            for (Thread client : clients) {
                client.join(30_000);
            }

            assertThat(failures).isEmpty();
            assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).isEqualTo(200));
            assertThat(outcomes).filteredOn(o -> o.startedNanos() > published)
                    .allSatisfy(o -> assertThat(o.body()).startsWith("v2-"));
            assertThat(outcomes).anySatisfy(o -> assertThat(o.body()).startsWith("v1-"));
            assertThat(fixture.router.awaitDrained(List.of("v1-a", "v1-b"), Duration.ofSeconds(10))).isTrue();
        } finally {
            running.set(false);
        }
    }

    @Test
    void drainingWaitsForTheInFlightRequestOfAnInstanceThatLeftTheTable() throws Exception {
        fixture = RouterFixture.started();
        CountDownLatch release = new CountDownLatch(1);
        resources.add(release::countDown);
        AtomicBoolean oldAnswered = new AtomicBoolean();
        TestBackend old = TestBackend.start("old", exchange -> {
            TestBackend.drain(exchange.getRequestBody());
            awaitQuietly(release);
            // Set before answering: once the answer is on the wire the router may finish draining at any moment.
            oldAnswered.set(true);
            exchange.sendResponseHeaders(200, 3);
            exchange.getResponseBody().write("old".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().close();
        });
        resources.add(0, old);
        TestBackend fresh = backend("new");
        fixture.route("mail", old.backend("mail", "v1", "blue", 1));

        CompletableFuture<HttpResponse<String>> slow = fixture.client.sendAsync(
                HttpRequest.newBuilder(fixture.uri("/loops/mail/slow")).build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.router.inFlight("old") == 1);
        fixture.route("mail", fresh.backend("mail", "v2", "green", 1));
        CompletableFuture<Boolean> drainedAfterAnswer = CompletableFuture.supplyAsync(() -> {
            try {
                return fixture.router.awaitDrained(List.of("old"), Duration.ofSeconds(30)) && oldAnswered.get();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(fixture.get("/loops/mail/quick").body()).isEqualTo("new");
        assertThat(drainedAfterAnswer).isNotDone();
        assertThat(slow).isNotDone();

        release.countDown();

        assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("old");
        assertThat(drainedAfterAnswer.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(fixture.router.inFlight("old")).isZero();
    }

    @Test
    void idleConnectionsToAnInstanceAreClosedWhenItLeavesTheTable() throws Exception {
        fixture = RouterFixture.started();
        TestBackend fresh = backend("new");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch answered = new CountDownLatch(1);
            CountDownLatch routerClosed = new CountDownLatch(1);
            Thread oneConnection = new Thread(() -> serveOneRequestThenWaitForClose(server, answered, routerClosed));
            oneConnection.setDaemon(true);
            oneConnection.start();
            fixture.route("mail", new Backend("old", "mail", "v1", "blue", "127.0.0.1", server.getLocalPort(), 1));

            assertThat(fixture.get("/loops/mail/x").body()).isEqualTo("ok");
            assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(routerClosed.getCount()).as("connection kept alive while routed").isEqualTo(1);

            fixture.route("mail", fresh.backend("mail", "v2", "green", 1));

            assertThat(routerClosed.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** A minimal keep-alive backend: answers one request, then reports when the router closes the connection. */
    private static void serveOneRequestThenWaitForClose(ServerSocket server, CountDownLatch answered,
                                                        CountDownLatch closed) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            int matched = 0;
            byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            while (matched < end.length) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
            }
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            answered.countDown();
            if (in.read() < 0) {
                closed.countDown();
            }
        } catch (IOException e) {
            closed.countDown();
        }
    }

    private void publishTwoVersions(VersionChooser chooser) throws Exception {
        publishTwoVersions(chooser, 1);
    }

    private void publishTwoVersions(VersionChooser chooser, int deadWeight) throws Exception {
        Backend old = backend("old").backend("mail", "1", "blue", 1);
        Backend dead = new Backend("new-dead", "mail", "2", "green", "127.0.0.1", RouterFixture.deadPort(), deadWeight);
        Backend live = backend("new").backend("mail", "2", "green", 1);
        Map<String, List<Backend>> loops = Map.of("mail", List.of(old, dead, live));
        fixture.router.publish(new RoutingTable(1, loops, chooser == null ? Map.of() : Map.of("mail", chooser)));
    }

    private String getWith(String header, String value) {
        HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/loops/mail/x"))
                .timeout(Duration.ofSeconds(30)).header(header, value).GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    // A request retried on another instance after a connect failure keeps the version it was assigned to: its
    // segment, sticky user or flag choice, or the version weights gave it first. The loop below has a new version of
    // two instances, one of which refuses connections, beside a healthy old version.

    @Test
    void aSegmentRequestRetriedAfterAConnectFailureStaysOnTheNewVersion() throws Exception {
        fixture = RouterFixture.started();
        publishTwoVersions(new TrafficSplit("2", 10, "X-Tier", Set.of("beta"), null));

        // Half of these try the dead instance first (round-robin within the new version) and are retried.
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            answers.add(getWith("X-Tier", "beta"));
        }

        assertThat(answers).containsOnly("new");
        assertThat(fixture.router.trafficStats("mail", "2", Duration.ofMinutes(1)).routerErrors()).isZero();
    }

    @Test
    void aFlagLikeChoiceHoldsAcrossRetriesBothWays() throws Exception {
        fixture = RouterFixture.started();
        // The chooser decides every request (as a release flag does): on → new version, where half the first tries
        // hit the dead instance and are retried; off → old version.
        publishTwoVersions(new VersionChooser() {
            @Override
            public String newVersion() {
                return "2";
            }

            @Override
            public Assignment choose(io.netty.handler.codec.http.HttpHeaders headers) {
                return "on".equals(headers.get("X-Flag")) ? Assignment.NEW : Assignment.OLD;
            }
        });

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            answers.add(getWith("X-Flag", "off"));
            answers.add(getWith("X-Flag", "on"));
        }

        for (int i = 0; i < answers.size(); i += 2) {
            assertThat(answers.get(i)).isEqualTo("old");
            assertThat(answers.get(i + 1)).isEqualTo("new");
        }
    }

    @Test
    void aRequestWithoutRuleRetriedAfterAConnectFailureKeepsTheVersionTheWeightsGaveIt() throws Exception {
        fixture = RouterFixture.started();
        // The weights send nearly every request to the dead new instance first; the retry must stay on the new version
        // rather than go back to the weights, which would split it between old and new.
        publishTwoVersions(null, 1000);

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            answers.add(getWith("X-Other", "x"));
        }

        assertThat(answers).containsOnly("new");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
