package io.jenkins.plugins.openclaw.core;

import java.util.Locale;

/**
 * The rule for {@code artifact} when {@code openclawDeploy} runs outside {@code node}: a path among the artifacts the
 * build archived, exactly as {@code archiveArtifacts} stored it. Jenkins' {@code VirtualFile.child} takes a relative
 * path with {@code /} and no {@code ..}; anything else is refused before the archive is touched.
 */
public final class ArchivedArtifactPaths {
    private ArchivedArtifactPaths() {}

    /**
     * @return the path with {@code \} turned into {@code /} and no leading {@code ./}
     * @throws IllegalArgumentException naming what is wrong with the path
     */
    public static String check(String artifact) {
        String path = artifact == null ? "" : artifact.trim().replace('\\', '/');
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("artifact is required");
        }
        if (path.startsWith("/") || path.toLowerCase(Locale.ROOT).matches("[a-z]:.*")) {
            throw new IllegalArgumentException("artifact '" + artifact + "' is an absolute path; outside node it must "
                    + "be the path of an archived artifact, e.g. dist/openclaw-1.4.2.zip");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..") || segment.isEmpty() || segment.equals(".")) {
                throw new IllegalArgumentException("artifact '" + artifact + "' must be a plain relative path "
                        + "(no empty, '.' or '..' segments)");
            }
        }
        return path;
    }
}
