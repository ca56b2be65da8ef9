package io.openclaw.deploy.agent.config;

import io.openclaw.deploy.agent.config.yaml.YamlObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code flags:} where the OFREP listener the loops read their feature flags from listens. */
final class FlagsSection {
    static final String KEY = "flags";
    /** {@code host:port}, {@code [v6-address]:port}. */
    private static final Pattern ADDRESS = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([^\\s:\\[\\]]+)):([0-9]{1,5})");

    private FlagsSection() {}

    static AgentConfig.Flags read(YamlObject flags, AgentConfig.Flags d) {
        AgentConfig.Flags result = d;
        if (flags.has("listen")) {
            String text = flags.string("listen", null);
            result = parse(text == null ? "" : text.trim());
            if (result == null) {
                throw flags.problem("listen", "must be host:port (e.g. 127.0.0.1:8016, [::1]:8016; port 0 = any free"
                        + " port), got '" + text + "'");
            }
        }
        flags.rejectUnknown();
        return result;
    }

    /** The address in {@code text}, or null when it is not {@code host:port} with a port of 0-65535. */
    static AgentConfig.Flags parse(String text) {
        Matcher m = ADDRESS.matcher(text);
        if (!m.matches()) {
            return null;
        }
        int port = Integer.parseInt(m.group(3));
        if (port > 65535) {
            return null;
        }
        return new AgentConfig.Flags(m.group(1) != null ? m.group(1) : m.group(2), port);
    }

    static void write(ConfigFile f, AgentConfig.Flags flags) {
        String host = flags.bind().contains(":") ? "[" + flags.bind() + "]" : flags.bind();
        f.section(KEY, "Feature flags served to the loops over OFREP (the loops get the URL in OPENCLAW_FLAGS_URL).")
                .string("listen", host + ":" + flags.port(), "host:port of the OFREP listener (port 0 = any free port).")
                .end();
    }
}
