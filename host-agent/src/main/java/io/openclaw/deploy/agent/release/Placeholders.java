package io.openclaw.deploy.agent.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ${NAME}} placeholders of a manifest's {@code command} and {@code env}, expanded per instance by the
 * supervisor. Only the names in {@link #NAMES} exist; there is no escape and no nesting.
 */
public final class Placeholders {
    public static final String PORT = "PORT";
    public static final String LOOP = "LOOP";
    public static final String SLOT = "SLOT";
    public static final String VERSION = "VERSION";
    public static final String INSTALL_DIR = "INSTALL_DIR";
    public static final String DATA_DIR = "DATA_DIR";
    public static final String JAVA = "JAVA";

    public static final Set<String> NAMES = Set.of(PORT, LOOP, SLOT, VERSION, INSTALL_DIR, DATA_DIR, JAVA);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private Placeholders() {}

    /** Every {@code ${...}} name in {@code template}, known or not, in order. */
    public static List<String> namesIn(String template) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The first name in {@code template} that is not a known placeholder, if any. */
    public static Optional<String> firstUnknown(String template) {
        return namesIn(template).stream().filter(n -> !NAMES.contains(n)).findFirst();
    }

    /** Whether {@code template} holds a <code>${</code> that is never closed. */
    public static boolean hasUnclosed(String template) {
        return PLACEHOLDER.matcher(template).replaceAll("").contains("${");
    }

    /**
     * Replaces each {@code ${NAME}} by {@code values.get(NAME)}; the replacement is literal (a value holding
     * {@code $} or {@code ${X}} is not expanded again).
     *
     * @throws IllegalArgumentException when a placeholder has no value
     */
    public static String expand(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 32);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for placeholder ${" + m.group(1) + "} in '" + template + "'");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
