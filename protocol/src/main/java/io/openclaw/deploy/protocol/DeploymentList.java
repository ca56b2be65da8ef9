package io.openclaw.deploy.protocol;

import java.util.List;

/** Answer of {@code GET /v1/deployments}: newest first. An object rather than a bare array so fields can be added. */
public record DeploymentList(List<Deployment> deployments) {
    public DeploymentList {
        deployments = deployments == null ? List.of() : List.copyOf(deployments);
    }
}
