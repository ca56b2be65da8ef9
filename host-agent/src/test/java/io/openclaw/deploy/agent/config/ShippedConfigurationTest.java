package io.openclaw.deploy.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The agent.yaml shipped in the distribution zip is a complete reference: it loads to the defaults and names every
 * setting {@code init} writes. docs/configuration.md names every one of those settings too, so a new key cannot be
 * added without its documentation.
 */
class ShippedConfigurationTest {
    private static final Path SHIPPED = Path.of("src", "dist", "conf", "agent.yaml");
    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theShippedFileLoadsToTheDefaults() throws IOException {
        assertThat(AgentConfigLoader.load(SHIPPED)).isEqualTo(AgentConfig.defaults());
    }

    @Test
    void theShippedFileNamesEverySettingInitWrites() throws IOException {
        assertThat(keys(YAML.readTree(SHIPPED.toFile()))).isEqualTo(everySettingInitWrites());
    }

    @Test
    void theConfigurationDocNamesEverySetting() throws IOException {
        String doc = Files.readString(DOC);
        Set<String> missing = new TreeSet<>();
        for (String path : everySettingInitWrites()) {
            String leaf = path.substring(path.lastIndexOf('.') + 1);
            if (!doc.contains("`" + leaf + "`") && !doc.contains("." + leaf + "`") && !doc.contains(leaf + ":")) {
                missing.add(path);
            }
        }
        assertThat(missing).as("settings docs/configuration.md does not name").isEmpty();
    }

    @Test
    void keysAreListedAsDottedPaths() throws IOException {
        assertThat(keys(YAML.readTree("a: {b: 1, c: [1, 2]}\nd: x\n"))).containsExactly("a.b", "a.c", "d");
    }

    private static Set<String> everySettingInitWrites() throws IOException {
        return keys(YAML.readTree(AgentConfigLoader.render(AgentConfig.defaults())));
    }

    /** The dotted paths of the leaves of a mapping; lists (port ranges, phases) count as one value. */
    private static Set<String> keys(JsonNode root) {
        Set<String> keys = new TreeSet<>();
        collect(root, "", keys);
        return keys;
    }

    private static void collect(JsonNode node, String prefix, Set<String> keys) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject()) {
                collect(e.getValue(), path, keys);
            } else {
                keys.add(path);
            }
        }
    }
}
