package io.openclaw.deploy.demo;

import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.RollbackRequest;
import io.openclaw.deploy.sample.Traffic;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The blue-green part, in two steps: the same release deployed as {@value #VERSION} blue-green under the traffic, then
 * rolled back, timed on the agent and as the client sees it.
 */
final class BlueGreenDemo {
    static final String VERSION = "2.0.0";

    private final DemoSession session;
    private final String previous;
    private DeploymentWatch.Watched deployed;

    BlueGreenDemo(DemoSession session, String previous) {
        this.session = session;
        this.previous = previous;
    }

    void deploy(String sha, Traffic traffic) throws Exception {
        deployed = Tour.succeeded(session.watch().follow(session.client().deploy(
                new DeployRequest(sha, VERSION, "blue-green", List.of(), Map.of()), null)));
        DemoSession.awaitAnswers(traffic, 300);
        session.out().printf(Locale.ROOT, "      %s %s in %.1f s; traffic switched in %.2f ms%n", VERSION,
                deployed.deployment().state(), deployed.deployment().durationMillis() / 1000.0,
                deployed.switchMicros() / 1000.0);
    }

    BlueGreenFigures rollBack(Traffic traffic) throws Exception {
        long rollbackAsked = System.nanoTime();
        Deployment rollback = session.client().rollback(new RollbackRequest(null, "demo"));
        long accepted = System.nanoTime();
        DeploymentWatch.Watched back = Tour.succeeded(session.watch().follow(rollback));
        DemoSession.awaitAnswers(traffic, 300);
        long settled = traffic.settledOn(previous, rollbackAsked);
        session.out().printf(Locale.ROOT, "      rollback %s in %d ms; routing switch %.2f ms%n",
                back.deployment().state(), back.deployment().durationMillis(), back.switchMicros() / 1000.0);
        return new BlueGreenFigures(previous, VERSION, deployed.switchMicros(), back.switchMicros(),
                back.deployment().durationMillis(),
                Duration.ofNanos(accepted - rollbackAsked).toMillis(),
                settled < 0 ? -1 : Duration.ofNanos(settled - rollbackAsked).toMillis());
    }
}
