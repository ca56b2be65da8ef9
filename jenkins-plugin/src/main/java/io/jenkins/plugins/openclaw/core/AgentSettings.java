package io.jenkins.plugins.openclaw.core;

import io.openclaw.deploy.protocol.Fingerprints;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks of one configured agent's fields, used by form validation and when the configuration is saved. */
public final class AgentSettings {
    private AgentSettings() {}

    /** @return null when fine, else why not */
    public static String checkName(String name) {
        List<String> problems = new ArrayList<>();
        Names.checkAgentName(name, problems);
        return problems.isEmpty() ? null : problems.get(0);
    }

    /** @return null when fine, else why not */
    public static String checkUrl(String url) {
        String u = DeployArguments.trimToNull(url);
        if (u == null) {
            return "the agent's API URL is required, e.g. https://win-prod-01:7443";
        }
        try {
            URI uri = new URI(u);
            if (!"https".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))) {
                return "the agent API is HTTPS only: the URL must start with https://";
            }
            if (uri.getHost() == null) {
                return "the URL has no host name";
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return "the URL must not have a query or a fragment";
            }
            return null;
        } catch (URISyntaxException e) {
            return "not a URL: " + e.getMessage();
        }
    }

    /** @return null when fine, else why not */
    public static String checkFingerprint(String fingerprint) {
        if (DeployArguments.trimToNull(fingerprint) == null) {
            return "the SHA-256 fingerprint of the agent's certificate is required (openclaw-agent prints it)";
        }
        try {
            Fingerprints.normalize(fingerprint);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** @return null when fine, else why not */
    public static String checkCredentialsId(String credentialsId) {
        return DeployArguments.trimToNull(credentialsId) == null
                ? "choose the Secret Text credential that holds the agent's API token"
                : null;
    }

    /** Every problem of one agent entry, each prefixed with the field. */
    public static List<String> problems(String name, String url, String fingerprint, String credentialsId) {
        List<String> problems = new ArrayList<>();
        add(problems, "name", checkName(name));
        add(problems, "url", checkUrl(url));
        add(problems, "fingerprint", checkFingerprint(fingerprint));
        add(problems, "credentialsId", checkCredentialsId(credentialsId));
        return problems;
    }

    private static void add(List<String> problems, String field, String problem) {
        if (problem != null) {
            problems.add(field + ": " + problem);
        }
    }
}
