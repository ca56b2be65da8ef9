package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrafficSplitTest {
    private static final Backend STABLE = new Backend("l-blue-0", "l", "1", "blue", "127.0.0.1", 9001, 90);
    private static final Backend CANARY = new Backend("l-green-0", "l", "2", "green", "127.0.0.1", 9002, 10);

    private static RoutingSnapshot snapshot(TrafficSplit split) {
        return RoutingSnapshot.of(new RoutingTable(1, Map.of("l", List.of(STABLE, CANARY)), Map.of("l", split)));
    }

    private static HttpHeaders headers(String name, String value) {
        return new DefaultHttpHeaders().set(name, value);
    }

    @Test
    void aMatchingSegmentAlwaysReachesTheCanaryOthersGoByWeight() {
        RoutingSnapshot s = snapshot(new TrafficSplit("2", 10, "X-Tier", Set.of("beta"), null));
        for (int i = 0; i < 50; i++) {
            assertThat(s.pick("l", Set.of(), headers("X-Tier", "beta")).orElseThrow()).isEqualTo(CANARY);
        }
        long canary = IntStream.range(0, 100)
                .mapToObj(i -> s.pick("l", Set.of(), headers("X-Tier", "gold")).orElseThrow())
                .filter(CANARY::equals).count();
        assertThat(canary).isEqualTo(10);
    }

    @Test
    void aStickyUserKeepsItsVersionAndStaysInTheCanaryAsThePercentageRises() {
        for (int user = 0; user < 200; user++) {
            String id = "user-" + user;
            boolean at10 = new TrafficSplit("2", 10, null, Set.of(), "X-User").inCanary(id);
            boolean at50 = new TrafficSplit("2", 50, null, Set.of(), "X-User").inCanary(id);
            assertThat(!at10 || at50).as("%s in the canary at 10%% stays at 50%%", id).isTrue();
        }
        RoutingSnapshot s = snapshot(new TrafficSplit("2", 10, null, Set.of(), "X-User"));
        Backend first = s.pick("l", Set.of(), headers("X-User", "alice")).orElseThrow();
        for (int i = 0; i < 20; i++) {
            assertThat(s.pick("l", Set.of(), headers("X-User", "alice")).orElseThrow()).isEqualTo(first);
        }
        long inCanary = IntStream.range(0, 1000).filter(u -> TrafficSplit.bucket("u" + u) < 10).count();
        assertThat(inCanary).isBetween(70L, 130L);
    }

    @Test
    void aRuleWhoseGroupHasNoInstanceFallsBackToTheWeights() {
        RoutingSnapshot s = snapshot(new TrafficSplit("2", 10, "X-Tier", Set.of("beta"), null));
        assertThat(s.pick("l", Set.of("l-green-0"), headers("X-Tier", "beta"))).contains(STABLE);
    }
}
