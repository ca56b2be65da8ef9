package io.openclaw.deploy.agent.flags;

import static io.openclaw.deploy.agent.flags.FlagParserTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OFREP listener over real sockets, checked against the shapes of OFREP 0.3.0's openapi.yaml. */
class OfrepServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private FlagService flags;
    private OfrepServer server;
    private String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        flags = new FlagService(dir.resolve("flags"), Clock.systemUTC());
        token = FlagsToken.loadOrCreate(dir.resolve("conf/flags-token"));
        server = new OfrepServer("127.0.0.1", 0, flags.evaluator(), FlagsToken.of(token)).start();
        flags.put("beta", json("{'rollout_percentage': 0, 'rules': [{'action': 'enable', "
                + "'conditions': [{'property': 'tier', 'operator': 'equals', 'value': 'beta'}]}]}"), "test");
        flags.put("half", json("{'rollout_percentage': 50}"), "test");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.replace('\'', '"')));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> authed(String path, String body, String... more) throws Exception {
        String[] headers = new String[more.length + 2];
        headers[0] = "Authorization";
        headers[1] = "Bearer " + token;
        System.arraycopy(more, 0, headers, 2, more.length);
        return post(path, body, headers);
    }

    @Test
    void singleFlagSuccess() throws Exception {
        var response = authed("/ofrep/v1/evaluate/flags/beta", "{'context': {'targetingKey': 'u1', 'tier': 'beta'}}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("key").textValue()).isEqualTo("beta");
        assertThat(body.get("value").booleanValue()).isTrue();
        assertThat(body.get("reason").textValue()).isEqualTo("TARGETING_MATCH");
        assertThat(body.get("variant").textValue()).isEqualTo("on");
        assertThat(body.get("metadata").isObject()).isTrue();
    }

    @Test
    void errorCodesOfTheProtocol() throws Exception {
        var missing = authed("/ofrep/v1/evaluate/flags/nope", "{'context': {'targetingKey': 'u1'}}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("errorCode").textValue()).isEqualTo("FLAG_NOT_FOUND");
        assertThat(JSON.readTree(missing.body()).get("key").textValue()).isEqualTo("nope");

        var noKey = authed("/ofrep/v1/evaluate/flags/half", "{'context': {}}");
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noKey.body()).get("errorCode").textValue()).isEqualTo("TARGETING_KEY_MISSING");

        var parse = authed("/ofrep/v1/evaluate/flags/half", "{not json");
        assertThat(parse.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(parse.body()).get("errorCode").textValue()).isEqualTo("PARSE_ERROR");

        var badContext = authed("/ofrep/v1/evaluate/flags/half", "{'context': ['a']}");
        assertThat(badContext.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badContext.body()).get("errorCode").textValue()).isEqualTo("INVALID_CONTEXT");

        var badKey = authed("/ofrep/v1/evaluate/flags/half", "{'context': {'targetingKey': 7}}");
        assertThat(JSON.readTree(badKey.body()).get("errorCode").textValue()).isEqualTo("INVALID_CONTEXT");
    }

    @Test
    void tokenIsRequiredInEitherHeaderAndTheAdminTokenIsNotIt() throws Exception {
        String body = "{'context': {'targetingKey': 'u1'}}";
        assertThat(post("/ofrep/v1/evaluate/flags/half", body).statusCode()).isEqualTo(401);
        assertThat(post("/ofrep/v1/evaluate/flags/half", body, "Authorization", "Bearer " + FlagsToken.generate())
                .statusCode()).isEqualTo(403);
        assertThat(post("/ofrep/v1/evaluate/flags/half", body, "X-API-Key", token).statusCode()).isEqualTo(200);
        assertThat(Files.readString(dir.resolve("conf/flags-token")).strip()).isEqualTo(token);
        assertThat(FlagsToken.loadOrCreate(dir.resolve("conf/flags-token"))).as("kept across restarts").isEqualTo(token);
    }

    @Test
    void bulkEvaluationWithEtagAndNotModified() throws Exception {
        String body = "{'context': {'targetingKey': 'u1', 'tier': 'beta'}}";
        var first = authed("/ofrep/v1/evaluate/flags", body);
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        JsonNode flagsNode = JSON.readTree(first.body()).get("flags");
        assertThat(flagsNode).extracting(n -> n.get("key").textValue()).containsExactly("beta", "half");

        var again = authed("/ofrep/v1/evaluate/flags", body, "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        flags.put("beta", json("{'enabled': false}"), "test");
        var changed = authed("/ofrep/v1/evaluate/flags", body, "If-None-Match", etag);
        assertThat(changed.statusCode()).as("a change is visible to the next evaluation").isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
        assertThat(JSON.readTree(changed.body()).get("flags").get(0).get("reason").textValue()).isEqualTo("DISABLED");
    }

    @Test
    void bulkReportsPerFlagFailures() throws Exception {
        var response = authed("/ofrep/v1/evaluate/flags", "{'context': {}}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode half = JSON.readTree(response.body()).get("flags").get(1);
        assertThat(half.get("errorCode").textValue()).isEqualTo("TARGETING_KEY_MISSING");
        assertThat(half.has("value")).isFalse();
    }

    @Test
    void onlyPostOnTheTwoEndpoints() throws Exception {
        var get = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/ofrep/v1/evaluate/flags/half"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(authed("/ofrep/v1/configuration", "{}").statusCode()).isEqualTo(404);
    }
}
