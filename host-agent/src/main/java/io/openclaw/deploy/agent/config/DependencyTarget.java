package io.openclaw.deploy.agent.config;

import io.openclaw.deploy.agent.config.yaml.YamlNode;
import io.openclaw.deploy.agent.config.yaml.YamlObject.YamlValues;
import io.openclaw.deploy.agent.config.yaml.YamlProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Something a loop needs to reach (spec 10.2: a database, Gmail's or Twilio's API host), declared under a loop's
 * {@code dependencies:} in {@code openclaw.yaml} or in agent.yaml's {@code verification.dependencies}: {@code host:port}
 * is reached by a TCP connection, an {@code http://} or {@code https://} URL by a GET (any HTTP answer means reachable:
 * an API host answering 404 to its root is up).
 *
 * @param text how it was written, to name it in reports
 * @param host the host to reach
 * @param port the TCP port (for a URL: its port or the scheme's)
 * @param url  the URL to GET, or null for a plain TCP target
 */
public record DependencyTarget(String text, String host, int port, URI url) {

    /**
     * A YAML list of targets ({@code dependencies:} of a loop in openclaw.yaml or agent.yaml).
     *
     * @throws YamlProblem naming the bad item and its line
     */
    public static List<DependencyTarget> readList(List<YamlNode> items, String path) {
        List<DependencyTarget> targets = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "[" + i + "]";
            String text = YamlValues.text(items.get(i), itemPath);
            try {
                targets.add(parse(text));
            } catch (IllegalArgumentException e) {
                throw new YamlProblem(itemPath, items.get(i).location(), e.getMessage());
            }
        }
        return List.copyOf(targets);
    }

    public boolean isHttp() {
        return url != null;
    }

    /** @throws IllegalArgumentException saying what a valid target looks like */
    public static DependencyTarget parse(String text) {
        String t = text == null ? "" : text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return url(t);
        }
        if (t.contains("://")) {
            throw new IllegalArgumentException("'" + t + "' is neither host:port nor an http(s) URL");
        }
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("'" + t + "' must be host:port (TCP) or an http(s) URL");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '[' || c == ']')) {
            throw new IllegalArgumentException("'" + t + "' has no valid host before the port");
        }
        return new DependencyTarget(t, host, port(t, t.substring(colon + 1)), null);
    }

    private static DependencyTarget url(String t) {
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + t + "' is not a valid URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("'" + t + "' names no host");
        }
        if (uri.getUserInfo() != null) {
            // A credential in the URL would be written into reports and logs.
            throw new IllegalArgumentException("'" + uri.getHost() + "...' must not carry a user or password");
        }
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
        return new DependencyTarget(t, uri.getHost(), port, uri);
    }

    private static int port(String whole, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("'" + whole + "' has no valid port (1-65535)");
    }
}
