package io.openclaw.deploy.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.journal.DeploymentRecord;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdempotencyCheckTest {
    private static final String SHA = "ab".repeat(32);

    private static DeploymentRecord first(DeployRequest request) {
        Deployment view = new Deployment("d-1", Deployment.KIND_DEPLOY, DeploymentState.PENDING, "1.0.0", null, "auto",
                request.loops(), SHA, Instant.EPOCH, Instant.EPOCH, null, null, 0, "admin");
        return new DeploymentRecord(view, "k", Map.of(), null, IdempotencyCheck.normalised(request, SHA));
    }

    @Test
    void theSameRequestSpelledDifferentlyIsTheSameRequest() {
        DeploymentRecord earlier = first(new DeployRequest(SHA, null, null, List.of("a", "b"), Map.of("x", 1)));

        assertThatCode(() -> IdempotencyCheck.requireSameRequest("k", earlier,
                new DeployRequest(" " + SHA.toUpperCase() + " ", null, "auto", List.of("b", "a"), Map.of("x", 1))))
                .doesNotThrowAnyException();
    }

    @Test
    void aDifferentRequestIs422NamingEveryFieldThatDiffers() {
        DeploymentRecord earlier = first(new DeployRequest(SHA, null, null, List.of(), Map.of()));

        assertThatThrownBy(() -> IdempotencyCheck.requireSameRequest("k", earlier,
                new DeployRequest("cd".repeat(32), "2.0.0", "canary", List.of("a"), Map.of("x", 1))))
                .isInstanceOfSatisfying(OperationException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(422);
                    assertThat(e.problemType()).isEqualTo(ProblemTypes.IDEMPOTENCY_KEY_REUSED);
                    assertThat(e.deploymentId()).isEqualTo("d-1");
                    assertThat(e.getMessage()).contains("'k'", "d-1",
                            "artifactSha256, version, strategy, loops, options differ");
                });
    }

    @Test
    void aDeploymentJournaledWithoutItsRequestCannotBeComparedAndIsReturned() {
        DeploymentRecord legacy = new DeploymentRecord(first(DeployRequest.of(SHA)).view(), "k", Map.of(), null);

        assertThatCode(() -> IdempotencyCheck.requireSameRequest("k", legacy, DeployRequest.of("cd".repeat(32))))
                .doesNotThrowAnyException();
    }
}
