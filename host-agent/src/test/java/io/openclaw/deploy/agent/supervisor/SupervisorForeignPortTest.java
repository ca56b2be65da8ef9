package io.openclaw.deploy.agent.supervisor;

import static io.openclaw.deploy.agent.supervisor.InstanceEvent.Kind.HEALTHY;
import static io.openclaw.deploy.agent.supervisor.InstanceEvent.Kind.UNHEALTHY;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.freePort;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.settings;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: with another process on a loop's port, the new instance could not bind and exited, yet it was reported
 * healthy (the foreign process answered its health check) and the deployment succeeded. Here the foreign process is
 * this test's JVM: it takes the port after the supervisor checked it was free and before the (slow-starting) sample
 * loop binds it, and answers every health check with 200.
 */
@EnabledOnOs(OS.LINUX)
class SupervisorForeignPortTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path home;

    private final EventRecorder events = new EventRecorder();
    private Supervisor supervisor;
    private HttpServer foreign;

    @BeforeEach
    void createSupervisor() {
        supervisor = new Supervisor(settings(), home.resolve("logs"), events);
    }

    @AfterEach
    void cleanUp() {
        List<InstanceSnapshot> left = supervisor.instances();
        supervisor.close();
        left.stream().flatMap(s -> ProcessHandle.of(s.pid()).stream()).forEach(SampleLoopFixture::killTree);
        if (foreign != null) {
            foreign.stop(0);
        }
    }

    @Test
    void anInstanceWhosePortIsAnsweredByAnotherProcessIsNeverHealthyAndFailsAtOnce() throws Exception {
        int port = freePort();
        // The loop waits 20 s before it listens: the test's listener is in place long before, even on a busy machine.
        InstanceSpec spec = spec(0, port, Map.of("SAMPLE_STARTUP_MS", "20000"), home);
        InstanceSnapshot started = supervisor.start(spec);
        foreign = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
        foreign.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        foreign.start();

        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isFalse();

        assertThat(events.kinds(spec.id())).doesNotContain(HEALTHY);
        assertThat(events.of(spec.id(), UNHEALTHY)).first().satisfies(e ->
                assertThat(e.detail()).contains("answered by another process", "pid " + started.pid()));
        await().atMost(PATIENCE).until(() -> ProcessHandle.of(started.pid()).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void theInstanceItselfOnItsPortIsHealthy() throws Exception {
        InstanceSpec spec = spec(0, freePort(), Map.of(), home);
        supervisor.start(spec);

        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();
    }
}
