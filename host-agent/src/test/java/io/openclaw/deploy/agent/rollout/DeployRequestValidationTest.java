package io.openclaw.deploy.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.config.RolloutConfig;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeployRequestValidationTest {
    private static final String SHA = "ab".repeat(32);
    private final List<String> asked = new ArrayList<>();
    private final DeployRequestValidation validation = new DeployRequestValidation(RolloutConfig.defaults(), sha -> {
        asked.add(sha);
        return sha.equals(SHA);
    });

    private static DeployRequest request(String sha, String strategy, List<String> loops, Map<String, Object> options) {
        return new DeployRequest(sha, null, strategy, loops, options);
    }

    private static void assertProblem(Runnable call, String type, int status, String detail) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(OperationException.class, e -> {
            assertThat(e.problemType()).isEqualTo(type);
            assertThat(e.httpStatus()).isEqualTo(status);
            assertThat(e.getMessage()).contains(detail);
        });
    }

    @Test
    void aValidRequestGivesTheLowerCaseDigestTheStrategyAndTheMergedOptions() {
        DeployRequestValidation.Valid valid = validation.validate(request(" " + SHA.toUpperCase() + " ", "canary",
                List.of("gmail_processor"), Map.of("canary", Map.of("check_interval_seconds", 2))));

        assertThat(valid.sha()).isEqualTo(SHA);
        assertThat(valid.strategy()).isEqualTo("canary");
        assertThat(valid.rollout().canary().checkInterval()).hasSeconds(2);
        assertThat(valid.rollout().canary().phases()).isEqualTo(RolloutConfig.defaults().canary().phases());
    }

    @Test
    void noStrategyMeansAutoAndNoOptionsMeansTheAgentsSettings() {
        DeployRequestValidation.Valid valid = validation.validate(DeployRequest.of(SHA));

        assertThat(valid.strategy()).isEqualTo("auto");
        assertThat(valid.rollout()).isEqualTo(RolloutConfig.defaults());
    }

    @Test
    void aVersionThatIsNotASafeDirectoryNameIsRefused() {
        for (String version : List.of("../../evil", "..", "a/b", "1.0.", "CON", "")) {
            assertProblem(() -> validation.validate(new DeployRequest(SHA, version, null, List.of(), Map.of())),
                    ProblemTypes.VALIDATION, 400, "version ");
        }
        assertThat(validation.validate(new DeployRequest(SHA, "1.4.2-rc.1+b7", null, List.of(), Map.of())).sha())
                .isEqualTo(SHA);
    }

    @Test
    void eachMalformedFieldIsAValidationProblemNamingIt() {
        assertProblem(() -> validation.validate(DeployRequest.of(null)), ProblemTypes.VALIDATION, 400,
                "artifactSha256 is required");
        assertProblem(() -> validation.validate(DeployRequest.of("abc")), ProblemTypes.VALIDATION, 400,
                "artifactSha256 must be 64 hex digits, got 'abc'");
        assertProblem(() -> validation.validate(request(SHA, "big-bang", List.of(), Map.of())),
                ProblemTypes.VALIDATION, 400, "strategy must be one of [auto, blue-green, canary, feature-flag, rolling]");
        assertProblem(() -> validation.validate(request(SHA, null, List.of("Gmail-Processor"), Map.of())),
                ProblemTypes.VALIDATION, 400, "not a loop name: 'Gmail-Processor'");
        assertThat(asked).as("a malformed request is refused before the artifact store is asked").isEmpty();
    }

    @Test
    void badOptionsAreAValidationProblemNamingTheKey() {
        assertProblem(() -> validation.validate(request(SHA, null, List.of(), Map.of("canary", Map.of("phases",
                List.of(Map.of("percentage", 50, "duration_seconds", 5), Map.of("percentage", 20)))))),
                ProblemTypes.VALIDATION, 400, "must be higher than the previous phase's 50");
        assertProblem(() -> validation.validate(request(SHA, null, List.of(), Map.of("slots", Map.of()))),
                ProblemTypes.VALIDATION, 400, "slots");
    }

    @Test
    void anArtifactNotUploadedIsNotFoundAndSaysHowToUploadIt() {
        String missing = "cd".repeat(32);

        assertProblem(() -> validation.validate(DeployRequest.of(missing)), ProblemTypes.ARTIFACT_NOT_FOUND, 404,
                "artifact " + missing + " has not been uploaded (PUT /v1/artifacts/" + missing + ")");
        assertThat(asked).containsExactly(missing);
    }
}
