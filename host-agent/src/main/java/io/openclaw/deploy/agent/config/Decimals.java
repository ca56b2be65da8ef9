package io.openclaw.deploy.agent.config;

import io.openclaw.deploy.agent.config.yaml.YamlObject;
import io.openclaw.deploy.agent.config.yaml.YamlObject.YamlValues;
import io.openclaw.deploy.agent.config.yaml.YamlProblem;

/** Decimal settings (rates, percentages), which the YAML reader only knows as text. */
final class Decimals {
    private Decimals() {}

    static double read(YamlObject owner, String key, double fallback, double min, double max) {
        return owner.take(key).map(node -> {
            String path = owner.pathOf(key);
            String text = YamlValues.text(node, path);
            double value;
            try {
                value = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new YamlProblem(path, node.location(), "must be a number, got '" + text + "'");
            }
            if (Double.isNaN(value) || value < min || value > max) {
                throw new YamlProblem(path, node.location(), "must be between " + min + " and " + max + ", got " + text);
            }
            return value;
        }).orElse(fallback);
    }
}
