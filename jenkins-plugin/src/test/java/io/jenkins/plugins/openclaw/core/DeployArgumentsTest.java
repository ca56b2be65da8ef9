package io.jenkins.plugins.openclaw.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeployArgumentsTest {
    @Test
    void acceptsAFullCallAndNormalisesIt() {
        DeployArguments a = DeployArguments.of(" win-prod-01 ", " dist/openclaw-1.4.2.zip ", "1.4.2", "Blue_Green",
                List.of("planner", " executor", "planner"), 90);

        assertThat(a).isEqualTo(new DeployArguments(
                "win-prod-01", "dist/openclaw-1.4.2.zip", "1.4.2", "blue-green", List.of("planner", "executor"), 90));
    }

    @Test
    void acceptsEveryStrategyTheAgentKnowsIncludingFeatureFlag() {
        assertThat(DeployArguments.of("a", "x.zip", null, "Feature_Flag", List.of("identity_manager"), null).strategy())
                .isEqualTo("feature-flag");
        assertThat(DeployArguments.Strategies.ALL)
                .containsExactlyInAnyOrder("auto", "blue-green", "rolling", "canary", "feature-flag");
    }

    @Test
    void defaultsStrategyTimeoutAndLoops() {
        DeployArguments a = DeployArguments.of("a", "x.zip", null, null, null, null);

        assertThat(a.strategy()).isEqualTo("auto");
        assertThat(a.timeoutMinutes()).isEqualTo(DeployArguments.DEFAULT_TIMEOUT_MINUTES);
        assertThat(a.loops()).isEmpty();
        assertThat(a.version()).isNull();
    }

    @Test
    void listsEveryBadArgumentAtOnce() {
        assertThatThrownBy(() -> DeployArguments.of("", " ", "1.0 beta", "big-bang", Arrays.asList("ok", "no way"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agent is required")
                .hasMessageContaining("artifact is required")
                .hasMessageContaining("version '1.0 beta'")
                .hasMessageContaining("strategy 'big-bang' is not one of [auto, blue-green, rolling, canary, feature-flag]")
                .hasMessageContaining("loop 'no way'")
                .hasMessageContaining("timeoutMinutes must be between 1 and");
    }

    @Test
    void argumentsSurviveJavaSerializationAsTheStepExecutionIsSaved() throws Exception {
        DeployArguments a = DeployArguments.of("a", "x.zip", "1.0", "canary", List.of("planner"), 5);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(a);
            out.writeObject(RollbackArguments.of("a", null, "why", 3));
        }
        try (java.io.ObjectInputStream in =
                new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(a);
            assertThat(in.readObject()).isEqualTo(new RollbackArguments("a", null, "why", 3));
        }
    }

    @Test
    void rejectsAgentNamesThatCouldNotBeConfigured() {
        assertThatThrownBy(() -> DeployArguments.of("../etc", "a.zip", null, null, null, null))
                .hasMessageContaining("agent '../etc' is not a valid name");
    }

    @Test
    void rollbackArgumentsDefaultTheReasonAndCheckItsLength() {
        assertThat(RollbackArguments.of("a", null, null, null))
                .isEqualTo(new RollbackArguments("a", null, "requested by a Pipeline step", 30));
        assertThatThrownBy(() -> RollbackArguments.of("a", "1.0", "x".repeat(501), 5))
                .hasMessageContaining("reason is longer than 500");
    }

    @Test
    void controlActionsParseCaseInsensitivelyAndNameTheChoicesOtherwise() {
        assertThat(ControlAction.parse(" Promote ")).isEqualTo(ControlAction.PROMOTE);
        assertThat(ControlAction.parse("abort")).isEqualTo(ControlAction.ABORT);
        assertThatThrownBy(() -> ControlAction.parse("restart"))
                .hasMessage("action 'restart' is not one of [promote, pause, resume, abort]");
    }

    @Test
    void agentSettingsExplainWhatIsWrong() {
        assertThat(AgentSettings.problems("win-01", "https://host:7443", "AB:".repeat(31) + "AB", "tok")).isEmpty();
        assertThat(AgentSettings.checkUrl("http://host:7443")).contains("HTTPS only");
        assertThat(AgentSettings.checkUrl("https:///x")).contains("no host");
        assertThat(AgentSettings.checkFingerprint("abc")).contains("64 hex digits");
        assertThat(AgentSettings.checkCredentialsId(" ")).contains("Secret Text");
        assertThat(AgentSettings.problems("bad name", "", "", ""))
                .hasSize(4)
                .allSatisfy(p -> assertThat(p).matches("(name|url|fingerprint|credentialsId): .+"));
    }

    @Test
    void loopsTextFromTheFormIsOneNamePerLineAndRoundTrips() {
        List<String> loops = Names.loopsFromText("planner\r\n\n executor ,gmail_processor\n");

        assertThat(loops).containsExactly("planner", "executor", "gmail_processor");
        assertThat(Names.loopsFromText(Names.loopsToText(loops))).isEqualTo(loops);
        assertThat(Names.loopsFromText("")).isEmpty();
        assertThat(Names.loopsFromText(null)).isEmpty();
        assertThatThrownBy(() -> DeployArguments.of("a", "x.zip", null, null, Names.loopsFromText("planner\nno way"), null))
                .hasMessageContaining("loop 'no way'");
    }
}
