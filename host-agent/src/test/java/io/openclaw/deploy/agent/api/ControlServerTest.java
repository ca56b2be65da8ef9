package io.openclaw.deploy.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.protocol.Json;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API layer's contract, spoken to with a plain HTTP client: status codes, headers and problem bodies. */
class ControlServerTest {
    private static final String SHA = "ab".repeat(32);

    private ApiFixture api;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture();
        http = api.rawClient();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(api.uri(path)).version(HttpClient.Version.HTTP_1_1).timeout(java.time.Duration.ofSeconds(10));
    }

    private HttpRequest.Builder authorized(String path) {
        return request(path).header("Authorization", "Bearer " + api.token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode body = Json.mapper().readTree(response.body());
        assertThat(body.path("type").asText()).isEqualTo(type);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("title").asText()).isNotBlank();
        return body;
    }

    @Test
    void healthzAnswersWithoutToken() throws Exception {
        HttpResponse<String> response = send(request("/healthz"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
        assertThat(api.operations.calls).isEmpty();
    }

    @Test
    void refusesRequestsWithoutOrWithAWrongToken() throws Exception {
        HttpResponse<String> none = send(request("/v1/status"));
        problem(none, 401, ProblemTypes.UNAUTHORIZED);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

        HttpResponse<String> wrong = send(request("/v1/status").header("Authorization", "Bearer " + api.token + "x"));
        problem(wrong, 401, ProblemTypes.UNAUTHORIZED);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        assertThat(wrong.body()).doesNotContain(api.token);

        problem(send(request("/metrics")), 401, ProblemTypes.UNAUTHORIZED);
        problem(send(request("/v1/nothing-here")), 401, ProblemTypes.UNAUTHORIZED);
        assertThat(api.operations.calls).isEmpty();
    }

    @Test
    void statusCarriesTheCertificateFingerprint() throws Exception {
        HttpResponse<String> response = send(authorized("/v1/status"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode status = Json.mapper().readTree(response.body());
        assertThat(status.path("fingerprint").asText()).isEqualTo(api.server.fingerprint());
        assertThat(status.path("release").asText()).isEqualTo("1.4.2");
        assertThat(status.path("activeSlot").asText()).isEqualTo("blue");
        assertThat(status.path("loops").get(0).path("instances").get(0).path("port").asInt()).isEqualTo(8001);
        assertThat(status.has("deployment")).isTrue();
    }

    @Test
    void unknownRouteAndWrongMethodAreProblems() throws Exception {
        problem(send(authorized("/v1/nothing-here")), 404, ProblemTypes.NOT_FOUND);
        problem(send(authorized("/v1/deployments/x/y/z")), 404, ProblemTypes.NOT_FOUND);

        HttpResponse<String> wrongMethod = send(authorized("/v1/status").DELETE());
        problem(wrongMethod, 405, ProblemTypes.METHOD_NOT_ALLOWED);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");

        HttpResponse<String> artifact = send(authorized("/v1/artifacts/" + SHA).POST(BodyPublishers.ofString("x")));
        problem(artifact, 405, ProblemTypes.METHOD_NOT_ALLOWED);
        assertThat(artifact.headers().firstValue("Allow")).hasValue("HEAD, PUT");
    }

    @Test
    void malformedJsonUnknownFieldAndOversizedBodyAreRefused() throws Exception {
        JsonNode malformed = problem(
                send(authorized("/v1/deployments").POST(BodyPublishers.ofString("{\"artifactSha256\": "))),
                400,
                ProblemTypes.MALFORMED_JSON);
        assertThat(malformed.path("detail").asText()).startsWith("malformed JSON");

        JsonNode unknown = problem(
                send(authorized("/v1/deployments")
                        .POST(BodyPublishers.ofString("{\"artifactSha256\":\"" + SHA + "\",\"strategyy\":\"canary\"}"))),
                400,
                ProblemTypes.VALIDATION);
        assertThat(unknown.path("detail").asText()).contains("'strategyy'");

        JsonNode wrongType = problem(
                send(authorized("/v1/deployments").POST(BodyPublishers.ofString("{\"artifactSha256\":\"" + SHA + "\",\"loops\":{}}"))),
                400,
                ProblemTypes.VALIDATION);
        assertThat(wrongType.path("detail").asText()).contains("'loops'");

        problem(send(authorized("/v1/deployments").POST(BodyPublishers.ofString("{}"))), 400, ProblemTypes.VALIDATION);

        String big = "{\"version\":\"" + "x".repeat(70 * 1024) + "\"}";
        problem(send(authorized("/v1/deployments").POST(BodyPublishers.ofString(big))), 413, ProblemTypes.PAYLOAD_TOO_LARGE);
        assertThat(api.operations.calls).noneMatch(c -> c.startsWith("deploy"));
    }

    @Test
    void deployIsAcceptedOnceAndRepeatsAnswerTheSameDeployment() throws Exception {
        api.operations.artifacts.put(SHA, new byte[] {1});
        String body = "{\"artifactSha256\":\"" + SHA + "\",\"version\":\"1.5.0\"}";
        HttpResponse<String> first = send(authorized("/v1/deployments").header("Idempotency-Key", "build-42").POST(BodyPublishers.ofString(body)));
        HttpResponse<String> again = send(authorized("/v1/deployments").header("Idempotency-Key", "build-42").POST(BodyPublishers.ofString(body)));
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        JsonNode deployment = Json.mapper().readTree(first.body());
        assertThat(Json.mapper().readTree(again.body()).path("id")).isEqualTo(deployment.path("id"));
        assertThat(deployment.path("requestedBy").asText()).isEqualTo("admin");
        assertThat(api.operations.calls).contains("deploy " + SHA + " key=build-42 by=admin");
    }

    @Test
    void refusalsOfTheAgentBecomeTheirProblem() throws Exception {
        api.operations.failNextDeploy = new OperationException(
                ProblemTypes.DEPLOYMENT_IN_PROGRESS, 409, "deployment d-7 is running", "d-7", null);
        JsonNode conflict = problem(
                send(authorized("/v1/deployments").POST(BodyPublishers.ofString("{\"artifactSha256\":\"" + SHA + "\"}"))),
                409,
                ProblemTypes.DEPLOYMENT_IN_PROGRESS);
        assertThat(conflict.path("deploymentId").asText()).isEqualTo("d-7");
        assertThat(conflict.path("detail").asText()).isEqualTo("deployment d-7 is running");
        assertThat(conflict.path("instance").asText()).isEqualTo("/v1/deployments");
    }

    @Test
    void unexpectedFailuresAreBare500s() throws Exception {
        api.operations.failNextDeploy = new IllegalStateException("internal detail C:\\secret\\path");
        HttpResponse<String> response =
                send(authorized("/v1/deployments").POST(BodyPublishers.ofString("{\"artifactSha256\":\"" + SHA + "\"}")));
        problem(response, 500, ProblemTypes.INTERNAL);
        assertThat(response.body()).doesNotContain("secret").doesNotContain("IllegalStateException").doesNotContain("at io.");
    }

    @Test
    void unknownDeploymentsAndBadParametersAreProblems() throws Exception {
        problem(send(authorized("/v1/deployments/d-404")), 404, ProblemTypes.NOT_FOUND);
        problem(send(authorized("/v1/deployments/d-404/events")), 404, ProblemTypes.NOT_FOUND);
        problem(send(authorized("/v1/deployments/d-404/events?after=-1")), 400, ProblemTypes.VALIDATION);
        problem(send(authorized("/v1/artifacts/not-a-digest").PUT(BodyPublishers.ofString("zip"))), 400, ProblemTypes.VALIDATION);
        assertThat(send(authorized("/v1/artifacts/not-a-digest").method("HEAD", BodyPublishers.noBody())).statusCode()).isEqualTo(400);
        problem(send(authorized("/v1/deployments/d-404/pause").POST(BodyPublishers.noBody())), 404, ProblemTypes.NOT_FOUND);
        problem(send(authorized("/v1/deployments/d-1/explode").POST(BodyPublishers.noBody())), 404, ProblemTypes.NOT_FOUND);
        problem(send(authorized("/v1/deployments/d-1/abort").POST(BodyPublishers.ofString("{\"why\":\"x\"}"))), 400,
                ProblemTypes.VALIDATION);
        problem(send(authorized("/v1/deployments").header("Idempotency-Key", "x".repeat(201))
                .POST(BodyPublishers.ofString("{\"artifactSha256\":\"" + SHA + "\"}"))), 400, ProblemTypes.VALIDATION);
    }

    @Test
    void anOversizedHeaderIsABadRequest() throws Exception {
        HttpResponse<String> response = send(authorized("/v1/status").header("X-Filler", "x".repeat(10_000)));
        problem(response, 400, ProblemTypes.BAD_REQUEST);
        assertThat(api.operations.calls).isEmpty();
    }

    @Test
    void headTellsWhetherAnArtifactIsStored() throws Exception {
        assertThat(send(authorized("/v1/artifacts/" + SHA).method("HEAD", BodyPublishers.noBody())).statusCode()).isEqualTo(404);
        api.operations.artifacts.put(SHA, new byte[] {1});
        assertThat(send(authorized("/v1/artifacts/" + SHA).method("HEAD", BodyPublishers.noBody())).statusCode()).isEqualTo(200);
    }

    @Test
    void rollbackAcceptsAnEmptyBody() throws Exception {
        HttpResponse<String> response = send(authorized("/v1/rollback").POST(BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(Json.mapper().readTree(response.body()).path("kind").asText()).isEqualTo("rollback");
        assertThat(api.operations.calls).contains("rollback to=null reason=null by=admin");
    }

    @Test
    void eventStreamsAreNdjsonWithKeepAliveLinesAndEndWithTheDeployment() throws Exception {
        try (ControlServer fast = new ControlServer(
                        "127.0.0.1", 0, ApiFixture.TLS, ApiToken.of(api.token), api.operations, java.time.Duration.ofMillis(50))
                .start()) {
            api.operations.deployment("d-3", "deploy", "2.0.0", "admin");
            api.operations.push("d-3", io.openclaw.deploy.protocol.DeploymentState.STARTING, "one");
            java.util.concurrent.CompletableFuture<HttpResponse<String>> stream = http.sendAsync(
                    HttpRequest.newBuilder(java.net.URI.create(fast.baseUri() + "/v1/deployments/d-3/events?after=0"))
                            .version(HttpClient.Version.HTTP_1_1)
                            .header("Authorization", "Bearer " + api.token)
                            .build(),
                    BodyHandlers.ofString());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> api.operations.followers("d-3") == 1);
            // Quiet for several keep-alive periods, so the server must have sent some.
            org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofMillis(300)).until(() -> true);
            api.operations.push("d-3", io.openclaw.deploy.protocol.DeploymentState.SUCCEEDED, "two");
            api.operations.end("d-3", io.openclaw.deploy.protocol.DeploymentState.SUCCEEDED);
            HttpResponse<String> response = stream.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
            java.util.List<String> lines = response.body().lines().toList();
            assertThat(lines).contains("");
            java.util.List<String> events = lines.stream().filter(l -> !l.isBlank()).toList();
            assertThat(events).hasSize(2);
            assertThat(Json.mapper().readTree(events.get(0)).path("message").asText()).isEqualTo("one");
            assertThat(Json.mapper().readTree(events.get(1)).path("seq").asLong()).isEqualTo(2);
        }
    }

    @Test
    void accessLogHasOneLinePerRequestAndNeverTheToken() throws Exception {
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Logger access =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.openclaw.deploy.agent.api.access");
        ch.qos.logback.classic.Level level = access.getLevel();
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> captured =
                new ch.qos.logback.core.read.ListAppender<>();
        captured.start();
        root.addAppender(captured);
        access.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            send(authorized("/v1/status"));
            send(request("/v1/status").header("Authorization", "Bearer " + api.token + "-wrong"));
            send(authorized("/v1/deployments").POST(BodyPublishers.ofString("{\"artifactSha256\":\"" + api.token + "\"}")));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> captured.list.stream()
                    .filter(e -> e.getLoggerName().endsWith(".access"))
                    .count() == 3);
            assertThat(captured.list)
                    .filteredOn(e -> e.getLoggerName().endsWith(".access"))
                    .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.matches("GET /v1/status 200 \\d+ms"))
                    .anyMatch(m -> m.matches("GET /v1/status 401 \\d+ms"));
            assertThat(captured.list)
                    .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .noneMatch(m -> m.contains(api.token));
        } finally {
            root.detachAppender(captured);
            access.setLevel(level);
        }
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        HttpResponse<String> response = send(authorized("/metrics"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(response.body()).contains("openclaw_test_requests_total 3.0");
    }
}
