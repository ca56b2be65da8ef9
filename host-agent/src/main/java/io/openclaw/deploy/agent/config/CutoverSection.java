package io.openclaw.deploy.agent.config;

import io.openclaw.deploy.agent.config.yaml.YamlNode;
import io.openclaw.deploy.agent.config.yaml.YamlObject;
import io.openclaw.deploy.agent.config.yaml.YamlObject.YamlValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code blue_green.cutover:} atomic switch or gradual steps (spec 5.3). */
final class CutoverSection {
    static final String KEY = "cutover";

    private CutoverSection() {}

    static RolloutConfig.Cutover read(YamlObject cutover, RolloutConfig.Cutover d) {
        String strategy = cutover.string("strategy", d.gradual() ? "gradual" : "atomic");
        if (!strategy.equals("atomic") && !strategy.equals("gradual")) {
            throw cutover.problem("strategy", "must be atomic or gradual, got '" + strategy + "'");
        }
        List<Integer> steps = cutover.list("gradual_steps").map(items -> steps(items, cutover)).orElse(d.steps());
        Duration stepDuration = cutover.durationInAnyUnit("step_duration", d.stepDuration());
        cutover.rejectUnknown();
        return new RolloutConfig.Cutover(strategy.equals("gradual"), steps, stepDuration);
    }

    private static List<Integer> steps(List<YamlNode> items, YamlObject cutover) {
        String path = cutover.pathOf("gradual_steps");
        List<Integer> steps = new ArrayList<>();
        int previous = 0;
        for (int i = 0; i < items.size(); i++) {
            int step = (int) YamlValues.integer(items.get(i), path + "[" + i + "]", 1, 100);
            if (step <= previous) {
                throw cutover.problem("gradual_steps", "must rise, got " + step + " after " + previous);
            }
            previous = step;
            steps.add(step);
        }
        if (previous != 100) {
            throw cutover.problem("gradual_steps", "must end at 100");
        }
        return steps;
    }

    static void write(ConfigFile f, RolloutConfig.Cutover c) {
        f.section(KEY, "How traffic moves to the new slot: one atomic switch, or gradual steps analysed like a canary.")
                .value("strategy", c.gradual() ? "gradual" : "atomic", "atomic or gradual.")
                .value("gradual_steps", c.steps(), "Percentages of the new slot, rising, ending at 100.")
                .value("step_duration_seconds", c.stepDuration().toSeconds(), "How long each step is held.")
                .end();
    }
}
