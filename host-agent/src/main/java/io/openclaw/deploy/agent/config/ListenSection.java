package io.openclaw.deploy.agent.config;

import io.openclaw.deploy.agent.config.yaml.YamlObject;

/** {@code agent:} where the router and the control API listen. */
final class ListenSection {
    static final String KEY = "agent";

    private ListenSection() {}

    static AgentConfig.Listen read(YamlObject agent, AgentConfig.Listen d) {
        String bind = agent.string("bind", d.bind()).trim();
        if (bind.isEmpty() || bind.chars().anyMatch(Character::isWhitespace)) {
            throw agent.problem("bind", "must be an IP address or host name, got '" + bind + "'");
        }
        int routerPort = agent.integer("router_port", d.routerPort(), 0, 65535);
        int apiPort = agent.integer("api_port", d.apiPort(), 0, 65535);
        if (routerPort != 0 && routerPort == apiPort) {
            throw agent.problem("api_port", "must differ from agent.router_port (" + routerPort + ")");
        }
        agent.rejectUnknown();
        return new AgentConfig.Listen(bind, routerPort, apiPort);
    }

    static void write(ConfigFile f, AgentConfig.Listen l) {
        f.section(KEY, "Where the agent listens.")
                .string("bind", l.bind(), "Address of the router and the control API; 127.0.0.1 keeps both on this machine.")
                .value("router_port", l.routerPort(), "Local HTTP router in front of the loops: /loops/<loop>/... (0 = any free port).")
                .value("api_port", l.apiPort(), "HTTPS control API used by the CLI and Jenkins (0 = any free port).")
                .end();
    }
}
