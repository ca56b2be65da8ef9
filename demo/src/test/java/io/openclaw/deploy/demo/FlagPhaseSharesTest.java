package io.openclaw.deploy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.sample.Traffic.Answer;
import io.openclaw.deploy.sample.Traffic.Caller;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flag part's shares: each kind of caller apart, and keyed users counted once each. */
class FlagPhaseSharesTest {
    private static Answer answer(Caller caller, String version) {
        return new Answer(0, version, caller);
    }

    @Test
    void sharesAreTakenPerKindOfCallerAndUsersAreCountedOnce() {
        Caller beta = new Caller("beta-1", "beta");
        Caller alice = new Caller("user-1", null);
        Caller bob = new Caller("user-2", null);
        List<Answer> answers = List.of(
                answer(beta, "4.0.0"), answer(beta, "4.0.0"),
                answer(alice, "4.0.0"), answer(alice, "4.0.0"),
                answer(bob, "1.0.0"), answer(bob, "1.0.0"),
                answer(Caller.ANONYMOUS, "1.0.0"));

        FlagFigures.PhaseShares shares = FlagFigures.PhaseShares.of("flag 20%", "4.0.0", answers);

        assertThat(shares.requests()).isEqualTo(7);
        assertThat(shares.betaPercent()).isEqualTo(100.0);
        assertThat(shares.keyedPercent()).isEqualTo(50.0);
        assertThat(shares.keyedUsersOnNew()).isEqualTo(1);
        assertThat(shares.keyedUsers()).isEqualTo(2);
        assertThat(shares.anonymousPercent()).isEqualTo(0.0);
    }

    @Test
    void aKindOfCallerWithoutRequestsHasNoShare() {
        FlagFigures.PhaseShares shares = FlagFigures.PhaseShares.of("promoted", "4.0.0",
                List.of(answer(Caller.ANONYMOUS, "4.0.0")));

        assertThat(shares.anonymousPercent()).isEqualTo(100.0);
        assertThat(shares.betaPercent()).isNaN();
        assertThat(shares.keyedUsers()).isZero();
    }

    @Test
    void theDemoSendsOneBetaAndOneKeylessRequestInTen() {
        List<Caller> ten = java.util.stream.LongStream.range(0, 10).mapToObj(FlagDemo::caller).toList();

        assertThat(ten).filteredOn(c -> "beta".equals(c.tier())).hasSize(1);
        assertThat(ten).filteredOn(c -> c.user() == null).hasSize(1);
        assertThat(ten).filteredOn(c -> c.tier() == null && c.user() != null).hasSize(8);
    }
}
