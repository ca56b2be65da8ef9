package io.openclaw.deploy.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlagsSectionTest {
    private static AgentConfig read(String yaml) throws IOException {
        return AgentConfigLoader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "agent.yaml");
    }

    @Test
    void theOfrepListenerDefaultsToLoopback8016() throws IOException {
        assertThat(read("").flags()).isEqualTo(new AgentConfig.Flags("127.0.0.1", 8016));
        assertThat(read("flags: {}\n").flags()).isEqualTo(AgentConfig.Flags.DEFAULT);
    }

    @Test
    void theShippedAgentYamlNamesTheDefaultListener() throws IOException {
        assertThat(AgentConfigLoader.load(java.nio.file.Path.of("src/dist/conf/agent.yaml")))
                .isEqualTo(AgentConfig.defaults());
    }

    @Test
    void listenTakesHostAndPort() throws IOException {
        assertThat(read("flags:\n  listen: 0.0.0.0:9016\n").flags()).isEqualTo(new AgentConfig.Flags("0.0.0.0", 9016));
        assertThat(read("flags:\n  listen: \"[::1]:8016\"\n").flags()).isEqualTo(new AgentConfig.Flags("::1", 8016));
        assertThat(read("flags:\n  listen: localhost:0\n").flags()).isEqualTo(new AgentConfig.Flags("localhost", 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1:", ":8016", "127.0.0.1:70000", "127.0.0.1:-1", "::1:8016",
            "host name:8016", "127.0.0.1:80a", ""})
    void aBadListenValueIsAConfigErrorNamingTheKey(String value) {
        assertThatThrownBy(() -> read("flags:\n  listen: \"" + value + "\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("flags.listen")
                .hasMessageContaining("host:port");
    }

    @Test
    void unknownKeysUnderFlagsAreRefused() {
        assertThatThrownBy(() -> read("flags:\n  port: 8016\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("flags.port");
    }

    @Test
    void theWrittenFileCarriesTheListenerAndReadsBack() throws IOException {
        AgentConfig v6 = AgentConfig.defaults().withFlags(new AgentConfig.Flags("::1", 9016));
        String text = AgentConfigLoader.render(v6);
        assertThat(text).contains("flags:").contains("listen: \"[::1]:9016\"");
        assertThat(read(text)).isEqualTo(v6);
        assertThat(read(AgentConfigLoader.render(AgentConfig.defaults()))).isEqualTo(AgentConfig.defaults());
    }
}
