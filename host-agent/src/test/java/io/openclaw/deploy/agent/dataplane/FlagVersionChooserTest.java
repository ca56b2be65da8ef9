package io.openclaw.deploy.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.openclaw.deploy.agent.flags.EvaluationContext;
import io.openclaw.deploy.agent.flags.Flag;
import io.openclaw.deploy.agent.flags.FlagEvaluator;
import io.openclaw.deploy.agent.flags.FlagParser;
import io.openclaw.deploy.agent.router.VersionChooser.Assignment;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FlagVersionChooserTest {
    private static final String FLAG = "release.identity_manager";
    private final FlagEvaluator evaluator = new FlagEvaluator();
    private final FlagVersionChooser chooser =
            new FlagVersionChooser(evaluator, FLAG, "2.0.0", new FlagTargeting(null));

    private static Flag flag(boolean enabled, double percent) throws Exception {
        return FlagParser.parse(new ObjectMapper().readTree("""
                {"name": "%s", "enabled": %s, "rollout_percentage": %s,
                 "rules": [{"name": "beta", "action": "enable",
                            "conditions": [{"property": "user_tier", "operator": "in", "value": ["beta"]}]}]}
                """.formatted(FLAG, enabled, percent)), null);
    }

    private static HttpHeaders user(String id) {
        return new DefaultHttpHeaders().set("X-OpenClaw-User", id);
    }

    private List<Assignment> users(int count) {
        return IntStream.range(0, count).mapToObj(i -> chooser.choose(user("user-" + i))).toList();
    }

    @Test
    void aRuleOnAnXOpenClawHeaderSendsItsSegmentToTheNewVersionWithOrWithoutATargetingKey() throws Exception {
        evaluator.load(List.of(flag(true, 0)));

        assertThat(chooser.choose(new DefaultHttpHeaders().set("X-OpenClaw-User-Tier", "beta")))
                .isEqualTo(Assignment.NEW);
        assertThat(chooser.choose(user("alice").set("x-openclaw-user-tier", "beta")))
                .isEqualTo(Assignment.NEW);
        assertThat(chooser.choose(user("alice").set("X-OpenClaw-User-Tier", "gold"))).isEqualTo(Assignment.OLD);
        // Only X-OpenClaw-* headers are attributes.
        assertThat(chooser.choose(user("alice").set("User-Tier", "beta"))).isEqualTo(Assignment.OLD);
    }

    @Test
    void keyedUsersFollowThePercentageStickilyAndOnlyMoveToTheNewVersionAsItRises() throws Exception {
        evaluator.load(List.of(flag(true, 10)));
        List<Assignment> at10 = users(2000);
        assertThat(users(2000)).as("same answers while the percentage is unchanged").isEqualTo(at10);

        evaluator.load(List.of(flag(true, 50)));
        List<Assignment> at50 = users(2000);

        long new10 = at10.stream().filter(Assignment.NEW::equals).count();
        long new50 = at50.stream().filter(Assignment.NEW::equals).count();
        assertThat(new10).isBetween(150L, 250L);
        assertThat(new50).isBetween(900L, 1100L);
        for (int i = 0; i < at10.size(); i++) {
            if (at10.get(i) == Assignment.NEW) {
                assertThat(at50.get(i)).as("user-%d stays on the new version", i).isEqualTo(Assignment.NEW);
            }
        }
    }

    @Test
    void anyDoubtKeepsTheOldVersion() throws Exception {
        evaluator.load(List.of(flag(true, 50)));
        assertThat(chooser.choose(new DefaultHttpHeaders())).as("no targeting key, no rule").isEqualTo(Assignment.OLD);
        assertThat(chooser.choose(user(""))).as("empty key").isEqualTo(Assignment.OLD);

        evaluator.load(List.of(flag(false, 100)));
        assertThat(chooser.choose(new DefaultHttpHeaders().set("X-OpenClaw-User-Tier", "beta")))
                .as("flag off").isEqualTo(Assignment.OLD);
        assertThat(users(100)).containsOnly(Assignment.OLD);

        evaluator.load(List.of());
        assertThat(users(100)).as("flag gone").containsOnly(Assignment.OLD);
    }

    @Test
    void theTargetingHeaderIsConfigurableAndIsNotAnAttribute() {
        FlagTargeting byAccount = new FlagTargeting("X-Account");
        EvaluationContext context = byAccount.context(new DefaultHttpHeaders()
                .set("x-account", "acme").set("X-OpenClaw-Region", "eu").set("X-OpenClaw-User", "bob"));
        assertThat(context.targetingKey()).isEqualTo("acme");
        assertThat(context.attributes()).containsOnly(
                java.util.Map.entry("region", "eu"), java.util.Map.entry("user", "bob"));

        EvaluationContext byDefault = new FlagTargeting(" ").context(user("bob").set("X-OpenClaw-User-Tier", "beta"));
        assertThat(byDefault.targetingKey()).isEqualTo("bob");
        assertThat(byDefault.attributes()).containsOnly(java.util.Map.entry("user_tier", "beta"));
        assertThat(FlagTargeting.attributeOf("X-OpenClaw-")).isNull();
        assertThat(FlagTargeting.attributeOf("X-OpenClaw-Device-Os-Version")).isEqualTo("device_os_version");
    }
}
