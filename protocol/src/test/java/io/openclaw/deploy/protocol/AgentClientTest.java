package io.openclaw.deploy.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the client decides on its own; its exchanges with a real agent are tested in the host-agent module. */
class AgentClientTest {
    private static final String PIN = "ab".repeat(32);

    @Test
    void refusesPlainHttpAndMalformedPins() {
        assertThatThrownBy(() -> new AgentClient(AgentEndpoint.of(URI.create("http://127.0.0.1:7443"), "t", PIN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https");
        assertThatThrownBy(() -> new AgentClient(AgentEndpoint.of(URI.create("https://127.0.0.1:7443"), "t", "abc")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endpointNeverShowsTheToken() {
        AgentEndpoint endpoint = AgentEndpoint.of(URI.create("https://127.0.0.1:7443"), "s3cret-token", PIN);
        assertThat(endpoint.toString()).doesNotContain("s3cret-token");
    }

    @Test
    void nothingListeningIsUnreachable() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (AgentClient client = new AgentClient(AgentEndpoint.of(URI.create("https://127.0.0.1:" + port), "t", PIN))) {
            assertThatThrownBy(client::status).isInstanceOf(AgentUnreachableException.class).hasMessageContaining("could not connect");
        }
    }

    @Test
    void answersAreTypedByStatusAndProblem() {
        DefaultHttpHeaders json = new DefaultHttpHeaders();
        json.set("Content-Type", MediaTypes.PROBLEM_JSON);
        byte[] conflict = "{\"type\":\"urn:openclaw:problem:deployment-in-progress\",\"title\":\"Deployment in progress\",\"status\":409,\"deploymentId\":\"d-1\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(AgentClient.failure(new HttpAnswer(409, json, conflict)))
                .isInstanceOfSatisfying(AgentProblemException.class, e -> {
                    assertThat(e.is(ProblemTypes.DEPLOYMENT_IN_PROGRESS)).isTrue();
                    assertThat(e.problem().deploymentId()).isEqualTo("d-1");
                });
        assertThat(AgentClient.failure(new HttpAnswer(401, json, new byte[0]))).isInstanceOf(AgentAuthenticationException.class);
        assertThat(AgentClient.failure(new HttpAnswer(502, new DefaultHttpHeaders(), "<html>".getBytes(StandardCharsets.UTF_8))))
                .isExactlyInstanceOf(AgentClientException.class)
                .hasMessageContaining("502");
    }
}
