package io.openclaw.deploy.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.openclaw.deploy.agent.flags.FlagEvaluator;
import io.openclaw.deploy.agent.flags.FlagParser;
import io.openclaw.deploy.agent.router.Backend;
import io.openclaw.deploy.agent.router.RoutingTable;
import io.openclaw.deploy.agent.router.TrafficSplit;
import io.openclaw.deploy.agent.router.VersionChooser;
import io.openclaw.deploy.agent.router.VersionChooser.Assignment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A table that crossed to the router process routes every request as the agent's own copy would. */
class RouterWireTest {

    @Test
    void backendsManagementPathsAndACanarySplitSurviveTheTrip() throws Exception {
        Map<String, List<Backend>> loops = new LinkedHashMap<>();
        loops.put("gmail_processor", List.of(
                new Backend("gmail_processor-blue-0", "gmail_processor", "1.0.0", "blue", "127.0.0.1", 9001, 90),
                new Backend("gmail_processor-green-0", "gmail_processor", "1.1.0", "green", "127.0.0.1", 9002, 10)));
        loops.put("tts_engine", List.of());
        TrafficSplit split = new TrafficSplit("1.1.0", 10, "X-Segment", Set.of("beta"), "X-User");
        RoutingTable sent = new RoutingTable(7, loops, Map.of("gmail_processor", split),
                Map.of("gmail_processor", Set.of("/health", "/shutdown")));

        RoutingTable received = trip(sent);

        assertThat(received.generation()).isEqualTo(7);
        assertThat(received.loops()).isEqualTo(sent.loops());
        assertThat(received.loops().keySet()).containsExactly("gmail_processor", "tts_engine");
        assertThat(received.managementPaths()).isEqualTo(sent.managementPaths());
        assertThat(received.choosers().get("gmail_processor")).isEqualTo(split);
    }

    @Test
    void aReleaseFlagTravelsWithItsDefinitionAndDecidesTheSameWay() throws Exception {
        FlagEvaluator agentFlags = new FlagEvaluator();
        agentFlags.load(List.of(FlagParser.parse(new ObjectMapper().readTree(
                "{\"enabled\":true,\"rollout_percentage\":50}"), "release.identity_manager")));
        FlagVersionChooser inAgent = new FlagVersionChooser(agentFlags, "release.identity_manager", "2.0.0",
                new FlagTargeting("X-OpenClaw-User"));
        RoutingTable sent = new RoutingTable(3, Map.of("identity_manager", List.of()),
                Map.of("identity_manager", inAgent));

        VersionChooser inRouter = trip(sent).choosers().get("identity_manager");

        assertThat(inRouter.newVersion()).isEqualTo("2.0.0");
        int toNew = 0;
        for (int user = 0; user < 200; user++) {
            DefaultHttpHeaders headers = new DefaultHttpHeaders();
            headers.add("X-OpenClaw-User", "user-" + user);
            Assignment expected = inAgent.choose(headers);
            assertThat(inRouter.choose(headers)).as("user-" + user).isEqualTo(expected);
            toNew += expected == Assignment.NEW ? 1 : 0;
        }
        assertThat(toNew).as("both versions are chosen").isBetween(50, 150);
    }

    @Test
    void aDeletedReleaseFlagKeepsEveryRequestOnTheServingVersion() throws Exception {
        FlagVersionChooser inAgent = new FlagVersionChooser(new FlagEvaluator(), "release.tts_engine", "2.0.0",
                new FlagTargeting(null));

        VersionChooser inRouter = trip(new RoutingTable(1, Map.of("tts_engine", List.of()),
                Map.of("tts_engine", inAgent))).choosers().get("tts_engine");

        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        headers.add("X-OpenClaw-User", "anyone");
        assertThat(inRouter.choose(headers)).isEqualTo(Assignment.OLD);
    }

    @Test
    void anUnknownChooserIsRefusedNotIgnored() {
        String json = "{\"generation\":1,\"loops\":{},\"choosers\":{\"x\":{\"type\":\"lottery\"}}}";

        assertThatThrownBy(() -> RouterWire.table(RouterWire.read(json.getBytes(), RouterWire.Table.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lottery");
    }

    private static RoutingTable trip(RoutingTable table) throws Exception {
        byte[] json = RouterWire.write(RouterWire.table(table));
        return RouterWire.table(RouterWire.read(json, RouterWire.Table.class));
    }
}
