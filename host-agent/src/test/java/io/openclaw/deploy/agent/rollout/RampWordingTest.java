package io.openclaw.deploy.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RampWordingTest {
    private static final String ERRORS = "error rate 0.4810 above 0.0100 (101 of 210 requests in 2 s)";

    private static RampWording wording(Set<String> byFlag, String... loops) {
        RampHooks hooks = new RampHooks() {
            @Override
            public boolean releasedByFlag(String loop) {
                return byFlag.contains(loop);
            }
        };
        return new RampWording(List.of(loops).stream()
                .map(loop -> new LoopMove(loop, null, null, "green", false)).toList(), hooks);
    }

    private static CanaryAnalysis failed(String loop) {
        return new CanaryAnalysis(loop, "2.0.0", CanaryAnalysis.Verdict.FAIL, "error_rate", ERRORS, null, List.of(), 0);
    }

    @Test
    void aFlagDrivenLoopIsDescribedByItsFlagNotByACanaryWeight() {
        RampWording flagOnly = wording(Set.of("identity_manager"), "identity_manager");

        assertThat(flagOnly.byWeight()).isEmpty();
        assertThat(flagOnly.share("2.0.0", 20))
                .isEqualTo("release flag release.identity_manager at 20%: 2.0.0 takes the requests it turns on");
        assertThat(flagOnly.analysis(failed("identity_manager"), 20))
                .isEqualTo("identity_manager 2.0.0 by release flag at 20%: " + ERRORS);
        assertThat(flagOnly.failed(failed("identity_manager"), 20)).isEqualTo("identity_manager 2.0.0 failed the"
                + " analysis with release flag release.identity_manager at 20%: " + ERRORS);
        assertThat(flagOnly.stopped("2.0.0", "aborted by alice"))
                .isEqualTo("2.0.0 out of the routing of [identity_manager] (aborted by alice)");
        assertThat(flagOnly.promoted("2.0.0"))
                .isEqualTo("release by flag complete: [identity_manager] now run 2.0.0 for every request");
    }

    @Test
    void canaryLoopsKeepTheirCanaryWording() {
        RampWording canary = wording(Set.of(), "browser_agent");

        assertThat(canary.byWeight()).containsExactly("browser_agent");
        assertThat(canary.share("2.0.0", 20)).isEqualTo("canary 2.0.0 takes 20% of the traffic of [browser_agent]");
        assertThat(canary.analysis(failed("browser_agent"), 20)).isEqualTo("browser_agent canary 2.0.0 at 20%: " + ERRORS);
        assertThat(canary.failed(failed("browser_agent"), 20))
                .isEqualTo("browser_agent canary failed the analysis at 20%: " + ERRORS);
        assertThat(canary.stopped("2.0.0", "aborted by alice")).isEqualTo("canary traffic stopped (aborted by alice)");
        assertThat(canary.promoted("2.0.0")).isEqualTo("canary promoted: [browser_agent] now run 2.0.0");
    }

    @Test
    void aGroupOfBothSaysWhichLoopsGoByWeightAndWhichByFlag() {
        RampWording mixed = wording(Set.of("identity_manager", "gmail_processor"),
                "browser_agent", "identity_manager", "gmail_processor");

        assertThat(mixed.byWeight()).containsExactly("browser_agent");
        assertThat(mixed.share("2.0.0", 50)).isEqualTo("canary 2.0.0 takes 50% of the traffic of [browser_agent];"
                + " release flags release.identity_manager, release.gmail_processor at 50%: 2.0.0 takes the requests"
                + " they turn on");
        assertThat(mixed.stopped("2.0.0", "r")).isEqualTo(
                "canary traffic stopped for [browser_agent], 2.0.0 out of the routing of [identity_manager, gmail_processor] (r)");
        assertThat(mixed.promoted("2.0.0")).isEqualTo(
                "canary promoted: [browser_agent] and flag-released [identity_manager, gmail_processor] now run 2.0.0");
    }

    @Test
    void percentagesInEventDataAreIntegersWhenTheyAreWhole() {
        assertThat(RampWording.percent(20.0)).isEqualTo(20);
        assertThat(RampWording.percent(12.5)).isEqualTo(12.5);
    }
}
