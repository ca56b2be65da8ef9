package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouterProxyTest {
    private RouterFixture fixture;
    private TestBackend mail;

    @BeforeEach
    void start() throws Exception {
        fixture = RouterFixture.started();
        mail = TestBackend.start("mail-blue-0");
    }

    @AfterEach
    void stop() {
        fixture.close();
        mail.close();
    }

    @Test
    void servesConnectionsOnHalfTheCoresAtLeastOne() {
        assertThat(ProxyServer.eventLoops(1)).isEqualTo(1);
        assertThat(ProxyServer.eventLoops(2)).isEqualTo(1);
        assertThat(ProxyServer.eventLoops(3)).isEqualTo(1);
        assertThat(ProxyServer.eventLoops(8)).isEqualTo(4);
    }

    @Test
    void forwardsPathQueryAndHeadersAndAddsForwardedHeaders() {
        fixture.route("mail", mail.backend("mail", "v1", "blue", 1));

        HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/loops/mail/inbox/42?unread=1&q=a%20b"))
                .header("X-Custom", "kept")
                .header("X-Forwarded-For", "10.0.0.9")
                .header("Proxy-Authorization", "Basic c2VjcmV0")
                .header("TE", "trailers")
                .header("Keep-Alive", "timeout=5")
                .GET()
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("mail-blue-0");
        assertThat(response.headers().firstValue("X-Backend")).contains("mail-blue-0");
        TestBackend.Seen seen = mail.seen().get(0);
        assertThat(seen.uri()).isEqualTo("/inbox/42?unread=1&q=a%20b");
        assertThat(seen.headers().getFirst("X-Custom")).isEqualTo("kept");
        assertThat(seen.headers().getFirst("X-Forwarded-For")).isEqualTo("10.0.0.9, 127.0.0.1");
        assertThat(seen.headers().getFirst("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.headers().getFirst("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + fixture.router.port());
        assertThat(seen.headers()).doesNotContainKeys("Proxy-authorization", "Te", "Keep-alive");
    }

    @Test
    void forwardsRequestBodyAndMethod() {
        fixture.route("mail", mail.backend("mail", "v1", "blue", 1));

        HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/loops/mail/send"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000)))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(mail.seen()).singleElement().satisfies(seen -> {
            assertThat(seen.method()).isEqualTo("POST");
            assertThat(seen.bodyBytes()).isEqualTo(100_000);
        });
    }

    @Test
    void responseHopByHopHeadersStayOnTheBackendHop() throws Exception {
        try (TestBackend chatty = TestBackend.start("chatty", exchange -> {
            TestBackend.drain(exchange.getRequestBody());
            exchange.getResponseHeaders().set("Proxy-Agent", "backend");
            exchange.getResponseHeaders().set("Trailer", "X-Checksum");
            exchange.getResponseHeaders().set("X-Visible", "yes");
            exchange.sendResponseHeaders(201, 2);
            exchange.getResponseBody().write("ok".getBytes());
        })) {
            fixture.route("mail", chatty.backend("mail", "v1", "blue", 1));

            HttpResponse<String> response = fixture.get("/loops/mail/x");

            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.body()).isEqualTo("ok");
            assertThat(response.headers().firstValue("X-Visible")).contains("yes");
            assertThat(response.headers().map()).doesNotContainKeys("proxy-agent", "trailer");
        }
    }

    @Test
    void sequentialRequestsReuseOneBackendConnection() {
        fixture.route("mail", mail.backend("mail", "v1", "blue", 1));

        for (int i = 0; i < 50; i++) {
            assertThat(fixture.get("/loops/mail/n/" + i).statusCode()).isEqualTo(200);
        }

        assertThat(mail.seen()).hasSize(50);
        assertThat(mail.clientPorts()).hasSize(1);
    }

    @Test
    void unknownLoopIs404WithJson() {
        fixture.route("mail", mail.backend("mail", "v1", "blue", 1));

        HttpResponse<String> response = fixture.get("/loops/calendar/today");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.body()).isEqualTo("{\"error\":\"unknown loop\",\"loop\":\"calendar\"}");
        assertThat(mail.seen()).isEmpty();
    }

    @Test
    void pathOutsideLoopsIs404() {
        assertThat(fixture.get("/somewhere").statusCode()).isEqualTo(404);
    }

    @Test
    void loopWithoutRoutedBackendIs503AndHealthNamesIt() {
        Map<String, List<Backend>> loops = new LinkedHashMap<>();
        loops.put("mail", List.of(mail.backend("mail", "v1", "blue", 1)));
        loops.put("calendar", List.of(new Backend("cal-0", "calendar", "v1", "blue", "127.0.0.1", 1, 0)));
        loops.put("chat", List.of());
        fixture.router.publish(new RoutingTable(7, loops));

        HttpResponse<String> response = fixture.get("/loops/calendar/today");
        HttpResponse<String> health = fixture.get("/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"loop\":\"calendar\"").contains("\"error\":");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"missing\":[\"calendar\",\"chat\"]");
        assertThat(fixture.get("/loops/mail/ok").statusCode()).isEqualTo(200);
    }

    @Test
    void healthIs200WhenEveryLoopIsRouted() {
        fixture.route("mail", mail.backend("mail", "v1", "blue", 1));

        HttpResponse<String> health = fixture.get("/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ok\"").contains("\"missing\":[]");
    }

    @Test
    void invalidTableIsRejectedAndTheCurrentOneStays() {
        fixture.route("mail", mail.backend("mail", "v1", "blue", 1));
        RoutingTable before = fixture.router.table();

        assertThatThrownBy(() -> fixture.router.publish(new RoutingTable(99,
                Map.of("calendar", List.of(mail.backend("mail", "v2", "green", 1))))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listed under loop calendar");

        assertThat(fixture.router.table()).isSameAs(before);
        assertThat(fixture.get("/loops/mail/x").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsCountRequestsByLoopVersionSlotAndStatusClass() {
        fixture.route("mail", mail.backend("mail", "v1", "blue", 1));
        for (int i = 0; i < 3; i++) {
            fixture.get("/loops/mail/x");
        }
        fixture.route("mail", new Backend("dead", "mail", "v2", "green", "127.0.0.1", 1, 0));
        fixture.get("/loops/mail/x");

        String text = fixture.metricsText();

        assertThat(text).containsPattern(
                "openclaw_router_requests_total\\{loop=\"mail\",slot=\"blue\",status_class=\"2xx\",version=\"v1\"} 3");
        assertThat(text).containsPattern(
                "openclaw_router_requests_total\\{loop=\"mail\",slot=\"\",status_class=\"error\",version=\"\"} 1");
        assertThat(text).containsPattern(
                "openclaw_router_request_duration_seconds_count\\{loop=\"mail\",slot=\"blue\",version=\"v1\"} 3");
        assertThat(text).containsPattern("openclaw_router_in_flight_requests\\{loop=\"mail\"} 0");
        TrafficStats stats = fixture.router.trafficStats("mail", "v1", Duration.ofMinutes(1));
        assertThat(stats.requests()).isEqualTo(3);
        assertThat(stats.serverErrors()).isZero();
        assertThat(stats.routerErrors()).isZero();
    }

    @Test
    void closeStopsAcceptingConnections() {
        int port = fixture.router.port();

        fixture.router.close();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }
}
