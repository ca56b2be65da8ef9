package io.openclaw.deploy.agent.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.openclaw.deploy.agent.config.yaml.YamlObject;
import io.openclaw.deploy.agent.config.yaml.YamlProblem;
import io.openclaw.deploy.agent.config.yaml.YamlTree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * The {@code canary}, {@code rolling_update} and {@code rollback} sections, read together because the canary's
 * thresholds default to the rollback triggers. Also reads a deployment's {@code options}, which have the same shape
 * and override the agent's settings for that deployment only.
 */
public final class RolloutSections {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RolloutSections() {}

    static RolloutConfig read(YamlObject root, RolloutConfig d) {
        RollbackSection.Triggers triggers = RollbackSection.read(root.object(RollbackSection.KEY), d.rollback(), d.canary());
        RolloutConfig.Canary canary = CanarySection.read(root.object(CanarySection.KEY), d.canary(),
                triggers.errorRate(), triggers.latencyP95Ms());
        RolloutConfig.Rolling rolling = RollingSection.read(root.object(RollingSection.KEY), d.rolling());
        return new RolloutConfig(canary, rolling, triggers.rollback(), d.cutover());
    }

    static void write(ConfigFile f, RolloutConfig r) {
        RollingSection.write(f, r.rolling());
        f.blank();
        CanarySection.write(f, r.canary());
        f.blank();
        RollbackSection.write(f, r.rollback(), r.canary());
    }

    /**
     * A deployment's overrides over {@code base}: keys {@code canary}, {@code rolling_update}, {@code rollback} and
     * {@code blue_green.cutover} in the agent.yaml shape; anything else is refused.
     *
     * @throws ConfigException naming the bad key (path {@code options.<key>})
     */
    public static RolloutConfig withOptions(RolloutConfig base, Map<String, Object> options) {
        if (options == null || options.isEmpty()) {
            return base;
        }
        try {
            byte[] json = JSON.writeValueAsBytes(options);
            YamlObject root = YamlObject.root(YamlTree.parse(new ByteArrayInputStream(json)), true);
            RolloutConfig merged = read(root, base);
            // Of blue_green only the cutover may change per deployment; the slots' ports are the agent's.
            YamlObject blueGreen = root.object(BlueGreenSection.KEY);
            merged = merged.withCutover(CutoverSection.read(blueGreen.object(CutoverSection.KEY), base.cutover()));
            if (!merged.rollback().resources().equals(base.rollback().resources())) {
                // The resource monitor watches every instance all the time, not one deployment's.
                throw new ConfigException("options: rollback.auto_rollback.triggers.cpu_usage and memory_usage are"
                        + " the agent's (conf/agent.yaml) and cannot be changed for one deployment");
            }
            blueGreen.rejectUnknown();
            root.rejectUnknown();
            return merged;
        } catch (YamlProblem problem) {
            throw new ConfigException("options: " + problem.getMessage(), problem);
        } catch (IOException e) {
            throw new ConfigException("options cannot be read: " + e.getMessage(), e);
        }
    }
}
