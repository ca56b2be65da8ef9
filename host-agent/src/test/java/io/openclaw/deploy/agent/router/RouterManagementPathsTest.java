package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: {@code POST /loops/<loop>/shutdown} through the router stopped the loop without any token. The health and
 * shutdown paths a release declares are for the agent, on the instance's own port; through the router they are 404,
 * in every spelling the loop's server would take for them. A real sample loop, which does stop on that POST.
 */
class RouterManagementPathsTest {
    private RouterFixture fixture;
    private SampleLoopProcess loop;

    @BeforeEach
    void start() throws Exception {
        fixture = RouterFixture.started();
        loop = SampleLoopProcess.start("mail", "v1", "blue", Map.of());
        fixture.route("mail", Set.of("/health", "/shutdown"), loop.backend("mail-blue-0", 1));
    }

    @AfterEach
    void stop() {
        fixture.close();
        if (loop != null) {
            loop.close();
        }
    }

    @Test
    void theShutdownPathIsNotForwardedInAnySpelling() {
        for (String path : List.of("/loops/mail/shutdown", "/loops/mail/shutdown/", "/loops/mail//shutdown",
                "/loops/mail/SHUTDOWN", "/loops/mail/%73hutdown", "/loops/mail/shutdown;x=1",
                "/loops/mail/shutdown?now=1")) {
            HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri(path))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).doesNotContain("STOPPING");
        }

        assertThat(loop.isAlive()).isTrue();
        assertThat(fixture.get("/loops/mail/inbox").statusCode()).isEqualTo(200);
    }

    @Test
    void theHealthPathIsNotForwarded() {
        HttpResponse<String> response = fixture.get("/loops/mail/health");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("UP");
    }

    @Test
    void pathsThatOnlyStartLikeAManagementPathAreForwarded() {
        assertThat(fixture.get("/loops/mail/shutdowns").statusCode()).isEqualTo(200);
        assertThat(fixture.get("/loops/mail/inbox/shutdown").statusCode()).isEqualTo(200);
    }

    @Test
    void anotherLoopsManagementPathsDoNotApply() throws Exception {
        try (TestBackend other = TestBackend.start("calendar-0")) {
            fixture.router.publish(new RoutingTable(99, Map.of(
                    "mail", List.of(loop.backend("mail-blue-0", 1)),
                    "calendar", List.of(other.backend("calendar", "v1", "blue", 1))),
                    Map.of(), Map.of("mail", Set.of("/shutdown"))));

            assertThat(fixture.get("/loops/calendar/shutdown").statusCode()).isEqualTo(200);
            assertThat(other.seen()).extracting(TestBackend.Seen::uri).containsExactly("/shutdown");
        }
    }
}
