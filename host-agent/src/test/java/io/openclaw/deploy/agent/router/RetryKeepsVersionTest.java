package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request retried on another instance after a connect failure keeps the version it was assigned to: its segment,
 * sticky user or flag choice, or the version weights gave it first. Each loop here has a new version of two
 * instances, one of which refuses connections, beside a healthy old version.
 */
class RetryKeepsVersionTest {
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

    private void publish(VersionChooser chooser) throws Exception {
        publish(chooser, 1);
    }

    private void publish(VersionChooser chooser, int deadWeight) throws Exception {
        Backend old = backend("old").backend("mail", "1", "blue", 1);
        Backend dead = new Backend("new-dead", "mail", "2", "green", "127.0.0.1", RouterFixture.deadPort(), deadWeight);
        Backend live = backend("new").backend("mail", "2", "green", 1);
        Map<String, List<Backend>> loops = Map.of("mail", List.of(old, dead, live));
        fixture.router.publish(new RoutingTable(1, loops, chooser == null ? Map.of() : Map.of("mail", chooser)));
    }

    private String get(String header, String value) {
        HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/loops/mail/x"))
                .timeout(Duration.ofSeconds(30)).header(header, value).GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void aSegmentRequestRetriedAfterAConnectFailureStaysOnTheNewVersion() throws Exception {
        fixture = RouterFixture.started();
        publish(new TrafficSplit("2", 10, "X-Tier", Set.of("beta"), null));

        // Half of these try the dead instance first (round-robin within the new version) and are retried.
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            answers.add(get("X-Tier", "beta"));
        }

        assertThat(answers).containsOnly("new");
        assertThat(fixture.router.trafficStats("mail", "2", Duration.ofMinutes(1)).routerErrors()).isZero();
    }

    @Test
    void aFlagLikeChoiceHoldsAcrossRetriesBothWays() throws Exception {
        fixture = RouterFixture.started();
        // The chooser decides every request (as a release flag does): on → new version, where half the first tries
        // hit the dead instance and are retried; off → old version.
        publish(new VersionChooser() {
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
            answers.add(get("X-Flag", "off"));
            answers.add(get("X-Flag", "on"));
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
        publish(null, 1000);

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            answers.add(get("X-Other", "x"));
        }

        assertThat(answers).containsOnly("new");
    }
}
