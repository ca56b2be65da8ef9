package io.openclaw.deploy.agent.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Service health, loops responding and dependencies: what passes, and how a miss is named. */
class ProbeJudgementTest {
    @Test
    void theServiceIsHealthyOnlyWith200() {
        URI uri = URI.create("http://127.0.0.1:8080/health");
        assertThat(ServiceHealthCheck.judge(uri, 200, "{}", 3).within()).isTrue();
        assertThat(ServiceHealthCheck.judge(uri, 200, "{}", 3).measured()).isEqualTo("HTTP 200 in 3 ms");

        Finding down = ServiceHealthCheck.judge(uri, 503, "{\"missing\":[\"gmail_processor\"]}", 2);

        assertThat(down.within()).isFalse();
        assertThat(down.details()).containsExactly(
                "GET http://127.0.0.1:8080/health answered 503: {\"missing\":[\"gmail_processor\"]}");
    }

    @Test
    void everyInstanceOfEveryLoopMustAnswerAndTheOnesThatDoNotAreNamed() {
        var ok = new LoopsRespondingCheck.LoopProbe("core_orchestrator",
                List.of(new LoopsRespondingCheck.InstanceProbe("core_orchestrator-blue-0", Optional.empty())));
        var half = new LoopsRespondingCheck.LoopProbe("gmail_processor", List.of(
                new LoopsRespondingCheck.InstanceProbe("gmail_processor-blue-0", Optional.empty()),
                new LoopsRespondingCheck.InstanceProbe("gmail_processor-blue-1",
                        Optional.of("health check on port 8002 failed: HTTP 500"))));
        var none = new LoopsRespondingCheck.LoopProbe("tts_engine", List.of());

        Finding f = LoopsRespondingCheck.judge(List.of(ok, half, none));

        assertThat(f.within()).isFalse();
        assertThat(f.measured()).isEqualTo("1/3 loops responding");
        assertThat(f.threshold()).isEqualTo("all 3 loops");
        assertThat(f.details()).containsExactly(
                "gmail_processor: gmail_processor-blue-1 health check on port 8002 failed: HTTP 500",
                "tts_engine: no instance of its version is running");
        assertThat(LoopsRespondingCheck.judge(List.of(ok)).within()).isTrue();
    }

    @Test
    void unreachableDependenciesAreNamedWithTheirLoopsAndError() {
        Duration timeout = Duration.ofSeconds(3);
        Finding f = DependenciesCheck.judge(List.of(
                new DependenciesCheck.DependencyProbe("db.internal:5432", List.of("gmail_processor", "memory_manager"),
                        Optional.of("ConnectException: Connection refused")),
                new DependenciesCheck.DependencyProbe("https://api.twilio.com", List.of("voice_handler"),
                        Optional.empty())), timeout);

        assertThat(f.within()).isFalse();
        assertThat(f.measured()).isEqualTo("1/2 reachable");
        assertThat(f.threshold()).isEqualTo("all reachable within 3000 ms");
        assertThat(f.details()).containsExactly(
                "db.internal:5432 (gmail_processor, memory_manager) unreachable: ConnectException: Connection refused");
    }

    @Test
    void noDependenciesDeclaredPasses() {
        Finding f = DependenciesCheck.judge(List.of(), Duration.ofSeconds(3));

        assertThat(f.within()).isTrue();
        assertThat(f.measured()).isEqualTo("none declared");
    }
}
