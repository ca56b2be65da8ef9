package io.openclaw.deploy.protocol;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /v1/deployments}.
 *
 * @param artifactSha256 digest of an artifact already uploaded with {@code PUT /v1/artifacts/{sha256}}
 * @param version        overrides the manifest's version when given
 * @param strategy       {@code auto} (default: each loop's declared strategy) or one strategy for every loop
 * @param loops          limits the deployment to these loops; empty or null means all
 * @param options        per-deployment overrides of the agent configuration, in its snake_case shape
 */
public record DeployRequest(
        String artifactSha256, String version, String strategy, List<String> loops, Map<String, Object> options) {

    public DeployRequest {
        loops = loops == null ? List.of() : List.copyOf(loops);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public static DeployRequest of(String artifactSha256) {
        return new DeployRequest(artifactSha256, null, null, List.of(), Map.of());
    }
}
