package io.openclaw.deploy.agent.config;

import io.openclaw.deploy.agent.config.yaml.YamlNode;
import io.openclaw.deploy.agent.config.yaml.YamlObject;
import io.openclaw.deploy.agent.config.yaml.YamlObject.YamlValues;
import io.openclaw.deploy.agent.config.yaml.YamlProblem;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code blue_green:} the ports of the two slots and of extra instances, and how long an old slot lingers. */
final class BlueGreenSection {
    static final String KEY = "blue_green";

    private BlueGreenSection() {}

    static AgentConfig.Slots read(YamlObject blueGreen, AgentConfig.Slots d, AgentConfig.Listen listen) {
        YamlObject environments = blueGreen.object("environments");
        YamlObject blue = environments.object("blue");
        YamlObject green = environments.object("green");
        Map<String, PortRange> ranges = new LinkedHashMap<>();
        Map<String, YamlObject> owners = new LinkedHashMap<>();
        ranges.put(blue.pathOf("port_range"), range(blue, "port_range", d.blue()));
        owners.put(blue.pathOf("port_range"), blue);
        ranges.put(green.pathOf("port_range"), range(green, "port_range", d.green()));
        owners.put(green.pathOf("port_range"), green);
        ranges.put(blueGreen.pathOf("extra_port_range"), range(blueGreen, "extra_port_range", d.extraPorts()));
        owners.put(blueGreen.pathOf("extra_port_range"), blueGreen);
        Duration scaleDownDelay = blueGreen.duration("scale_down_delay_seconds", d.scaleDownDelay());
        blue.rejectUnknown();
        green.rejectUnknown();
        environments.rejectUnknown();
        blueGreen.rejectUnknown();

        List<String> paths = List.copyOf(ranges.keySet());
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            PortRange range = ranges.get(path);
            YamlObject owner = owners.get(path);
            for (int j = 0; j < i; j++) {
                PortRange other = ranges.get(paths.get(j));
                if (range.first() <= other.last() && other.first() <= range.last()) {
                    throw owner.problem(key(path), "overlaps " + paths.get(j) + " " + show(other));
                }
            }
            // The extra range may span the listen ports (the defaults 8040-8199 hold 8080): they are skipped when
            // extra ports are handed out. A slot's own ports are all used, so they must be free.
            if (owner != blueGreen) {
                checkNotListenPort(owner, path, range, "agent.router_port", listen.routerPort());
                checkNotListenPort(owner, path, range, "agent.api_port", listen.apiPort());
            }
        }
        return new AgentConfig.Slots(
                ranges.get(paths.get(0)), ranges.get(paths.get(1)), ranges.get(paths.get(2)), scaleDownDelay);
    }

    static void write(ConfigFile f, AgentConfig.Slots s, RolloutConfig.Cutover cutover) {
        f.section(KEY, "Blue-green slots: a release runs in one slot while the next one starts in the other.")
                .section("environments", null)
                .section("blue", null)
                .range("port_range", s.blue(), "Ports of the blue slot's instances, one per loop (first and last, inclusive).")
                .end()
                .section("green", null)
                .range("port_range", s.green(), "Ports of the green slot's instances.")
                .end()
                .end()
                .range("extra_port_range", s.extraPorts(),
                        "Ports for instances beyond a slot's own range (replicas, rolling surge, canaries).")
                .value("scale_down_delay_seconds", s.scaleDownDelay().toSeconds(),
                        "How long the old slot keeps running after a switch, so that a rollback is only a routing switch.");
        CutoverSection.write(f, cutover);
        f.end();
    }

    private static void checkNotListenPort(YamlObject owner, String path, PortRange range, String what, int port) {
        if (port != 0 && range.contains(port)) {
            throw owner.problem(key(path), "contains " + what + " " + port);
        }
    }

    private static PortRange range(YamlObject owner, String key, PortRange fallback) {
        String path = owner.pathOf(key);
        return owner.take(key).map(node -> {
            List<YamlNode> bounds = YamlValues.list(node, path);
            if (bounds.size() != 2) {
                throw new YamlProblem(path, node.location(), "must be [first, last], got " + bounds.size() + " values");
            }
            int first = (int) YamlValues.integer(bounds.get(0), path + "[0]", 1, 65535);
            int last = (int) YamlValues.integer(bounds.get(1), path + "[1]", 1, 65535);
            if (first > last) {
                throw new YamlProblem(path, node.location(), "must have first <= last, got [" + first + ", " + last + "]");
            }
            return new PortRange(first, last);
        }).orElse(fallback);
    }

    private static String key(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static String show(PortRange r) {
        return "[" + r.first() + ", " + r.last() + "]";
    }
}
