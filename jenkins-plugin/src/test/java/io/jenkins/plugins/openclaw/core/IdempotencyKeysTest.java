package io.jenkins.plugins.openclaw.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {
    @Test
    void sameBuildAndStepGiveTheSameKey() {
        assertThat(IdempotencyKeys.forStep("team/app#42", "17")).isEqualTo(IdempotencyKeys.forStep("team/app#42", "17"));
    }

    @Test
    void otherBuildOrOtherStepGiveAnotherKey() {
        String key = IdempotencyKeys.forStep("team/app#42", "17");

        assertThat(IdempotencyKeys.forStep("team/app#43", "17")).isNotEqualTo(key);
        assertThat(IdempotencyKeys.forStep("team/app#42", "18")).isNotEqualTo(key);
        // The separator keeps "a#1"+"23" and "a#12"+"3" apart.
        assertThat(IdempotencyKeys.forStep("a#1", "23")).isNotEqualTo(IdempotencyKeys.forStep("a#12", "3"));
    }

    @Test
    void keyIsShortAndDoesNotRevealTheJobName() {
        String key = IdempotencyKeys.forStep("secret-customer/app#42", "17");

        assertThat(key).matches("jenkins-[0-9a-f]{40}").doesNotContain("secret");
    }
}
