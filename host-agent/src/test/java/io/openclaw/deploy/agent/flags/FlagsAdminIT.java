package io.openclaw.deploy.agent.flags;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openclaw.deploy.agent.api.ApiToken;
import io.openclaw.deploy.agent.api.ControlServer;
import io.openclaw.deploy.agent.cli.Main;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.runtime.AgentRuntime;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.agent.tls.TlsIdentity;
import io.openclaw.deploy.agent.tls.TlsIdentityStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flags CLI against a real agent behind the real HTTPS control API; changes persist across a restart. */
class FlagsAdminIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private AgentHome home;
    private TlsIdentity tls;
    private AgentRuntime runtime;
    private ControlServer api;

    @BeforeEach
    void start() throws Exception {
        home = new AgentHome(tmp.resolve("home"));
        tls = TlsIdentityStore.create(home, Set.of("localhost", "127.0.0.1"));
        ApiToken.createFile(home.tokenFile());
        startAgent();
    }

    private void startAgent() throws Exception {
        runtime = AgentRuntime.start(home, TestConfigs.quick(Duration.ofSeconds(30)), tls.fingerprint(), "test",
                Clock.systemUTC());
        api = new ControlServer("127.0.0.1", 0, tls, ApiToken.load(home.tokenFile()), runtime.operations())
                .withFlags(runtime.flags())
                .start();
        runtime.closeWith(api);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    private Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--agent", api.baseUri().toString(), "--token-file", home.tokenFile().toString(),
                "--fingerprint", tls.fingerprint()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void setEvaluateHistoryRollbackAndDeleteThroughTheCli() throws Exception {
        Path definition = tmp.resolve("gmail_v2.yaml");
        Files.writeString(definition, """
                name: agent_loop_gmail_v2
                description: Gmail agent v2
                enabled: true
                rollout_percentage: 0
                rules:
                  - name: Beta Users
                    action: enable
                    conditions:
                      - {property: user_tier, operator: equals, value: beta}
                """);
        assertThat(cli("flags", "set", "agent_loop_gmail_v2", "--file", definition.toString()).exit()).isZero();

        Run beta = cli("flags", "eval", "agent_loop_gmail_v2", "--key", "u1", "--attr", "user_tier=beta", "--json");
        assertThat(beta.exit()).as(beta.err()).isZero();
        assertThat(beta.json().get("value").booleanValue()).isTrue();
        assertThat(beta.json().get("reason").textValue()).isEqualTo("TARGETING_MATCH");

        assertThat(cli("flags", "set", "agent_loop_gmail_v2", "--rollout", "100").exit()).isZero();
        Run everyone = cli("flags", "eval", "agent_loop_gmail_v2", "--key", "u2");
        assertThat(everyone.out()).startsWith("true (variant on, reason STATIC)");

        Run bad = cli("flags", "set", "agent_loop_gmail_v2", "--rollout", "150");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("rollout_percentage");

        Run history = cli("flags", "history", "agent_loop_gmail_v2", "--json");
        assertThat(history.json().get("revisions")).hasSize(2);
        assertThat(history.json().get("revisions").get(0).get("by").textValue()).isEqualTo("admin");

        assertThat(cli("flags", "rollback", "agent_loop_gmail_v2", "--revision", "1").exit()).isZero();
        assertThat(cli("flags", "get", "agent_loop_gmail_v2", "--json").json().get("flag").get("rollout_percentage").intValue())
                .isZero();

        runtime.close();
        startAgent();
        Run list = cli("flags", "list", "--json");
        assertThat(list.json().get("flags")).singleElement()
                .satisfies(s -> assertThat(s.get("revision").intValue()).isEqualTo(3));

        assertThat(cli("flags", "delete", "agent_loop_gmail_v2").exit()).isZero();
        Run gone = cli("flags", "get", "agent_loop_gmail_v2");
        assertThat(gone.exit()).isNotZero();
        assertThat(gone.err()).contains("does not exist");
        assertThat(cli("flags", "list").out()).contains("no flags");
    }
}
