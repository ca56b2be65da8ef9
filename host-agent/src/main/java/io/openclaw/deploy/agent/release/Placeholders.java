package io.openclaw.deploy.agent.release;

import java.util.Map;

/** TEMPORARY stand-in until the release branch is merged. */
public final class Placeholders {
    public static String expand(String template, Map<String, String> values) {
        throw new UnsupportedOperationException();
    }
}
