package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmoothWeightedRoundRobinTest {

    private static Backend backend(String id, int weight) {
        return new Backend(id, "mail", "v1", "blue", "127.0.0.1", 9000, weight);
    }

    private static Map<String, Integer> countPicks(SmoothWeightedRoundRobin swrr, int picks) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(swrr.next(Set.of()).orElseThrow().instanceId(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void fivePercentCanaryGetsExactlyFiveOfEveryHundred() {
        SmoothWeightedRoundRobin swrr = new SmoothWeightedRoundRobin(List.of(backend("stable", 95), backend("canary", 5)));

        assertThat(countPicks(swrr, 100)).containsEntry("canary", 5).containsEntry("stable", 95);
        assertThat(countPicks(swrr, 1000)).containsEntry("canary", 50).containsEntry("stable", 950);
    }

    @Test
    void picksAreInterleavedNotBursts() {
        SmoothWeightedRoundRobin swrr =
                new SmoothWeightedRoundRobin(List.of(backend("a", 5), backend("b", 1), backend("c", 1)));

        List<String> sequence = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sequence.add(swrr.next(Set.of()).orElseThrow().instanceId());
        }

        assertThat(sequence).containsExactly("a", "a", "b", "a", "c", "a", "a");
    }

    @Test
    void canaryPicksAreSpreadEvenlyOverTheRun() {
        SmoothWeightedRoundRobin swrr = new SmoothWeightedRoundRobin(List.of(backend("stable", 95), backend("canary", 5)));

        List<Integer> canaryPositions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            if (swrr.next(Set.of()).orElseThrow().instanceId().equals("canary")) {
                canaryPositions.add(i);
            }
        }

        assertThat(canaryPositions).hasSize(5);
        for (int i = 1; i < canaryPositions.size(); i++) {
            assertThat(canaryPositions.get(i) - canaryPositions.get(i - 1)).isEqualTo(20);
        }
    }

    @Test
    void equalWeightsAreRoundRobin() {
        SmoothWeightedRoundRobin swrr =
                new SmoothWeightedRoundRobin(List.of(backend("a", 1), backend("b", 1), backend("c", 1)));

        List<String> sequence = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sequence.add(swrr.next(Set.of()).orElseThrow().instanceId());
        }

        assertThat(sequence).containsExactly("a", "b", "c", "a", "b", "c");
    }

    @Test
    void weightZeroIsNeverChosen() {
        SmoothWeightedRoundRobin swrr =
                new SmoothWeightedRoundRobin(List.of(backend("live", 1), backend("drained", 0)));

        assertThat(countPicks(swrr, 500)).containsOnlyKeys("live");
        assertThat(swrr.hasRoutableBackend()).isTrue();
    }

    @Test
    void onlyWeightZeroMeansNothingToPick() {
        SmoothWeightedRoundRobin swrr = new SmoothWeightedRoundRobin(List.of(backend("drained", 0)));

        assertThat(swrr.next(Set.of())).isEmpty();
        assertThat(swrr.hasRoutableBackend()).isFalse();
    }

    @Test
    void excludedInstancesAreSkipped() {
        SmoothWeightedRoundRobin swrr =
                new SmoothWeightedRoundRobin(List.of(backend("a", 10), backend("b", 1)));

        assertThat(swrr.next(Set.of("a")).orElseThrow().instanceId()).isEqualTo("b");
        assertThat(swrr.next(Set.of("a", "b"))).isEmpty();
    }
}
