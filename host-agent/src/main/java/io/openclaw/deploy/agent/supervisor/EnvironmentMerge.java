package io.openclaw.deploy.agent.supervisor;

import java.util.Map;

/**
 * Adds a loop's variables to the environment it inherits. Windows treats variable names without regard to case, but
 * the map {@code ProcessBuilder.environment()} gives there does not: a manifest's {@code PATH} next to the inherited
 * {@code Path} would put both into the process's environment block, and which one the loop sees is up to the C
 * runtime. So on Windows every inherited variable whose name differs only in case is removed first.
 */
final class EnvironmentMerge {
    private EnvironmentMerge() {}

    /** @param caseInsensitiveNames true on Windows */
    static void into(Map<String, String> inherited, Map<String, String> added, boolean caseInsensitiveNames) {
        for (Map.Entry<String, String> variable : added.entrySet()) {
            if (caseInsensitiveNames) {
                inherited.keySet().removeIf(name -> name.equalsIgnoreCase(variable.getKey()));
            }
            inherited.put(variable.getKey(), variable.getValue());
        }
    }
}
