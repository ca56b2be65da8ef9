package io.openclaw.deploy.agent.verification;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough of the Prometheus text format to tell which series a scrape holds. */
final class Exposition {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})?\\s+\\S+");
    private static final Pattern LOOP_LABEL = Pattern.compile("(?:^|,)\\s*loop=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Exposition() {}

    /** Each sample's name, and {@code name{loop="x"}} for samples with a loop label. */
    static Set<String> series(String text) {
        Set<String> series = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.find()) {
                continue;
            }
            series.add(m.group(1));
            if (m.group(3) != null) {
                Matcher loop = LOOP_LABEL.matcher(m.group(3));
                if (loop.find()) {
                    series.add(m.group(1) + "{loop=\"" + loop.group(1) + "\"}");
                }
            }
        }
        return series;
    }
}
