package io.openclaw.deploy.agent.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md, CONTRIBUTING.md and docs/*.md leads somewhere: the file exists and, when the link names a
 * heading ({@code file.md#anchor}), the file has that heading, with anchors made the way GitHub makes them.
 * A renamed doc or heading then fails the build instead of leaving readers at a dead link.
 */
class DocLinksTest {
    /** Surefire runs in the module directory; the docs are at the repository's root. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    @Test
    void everyRelativeLinkOfTheDocsResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : docs()) {
            for (String target : links(doc)) {
                String problem = check(doc, target);
                if (problem != null) {
                    broken.add(ROOT.relativize(doc) + ": (" + target + ") " + problem);
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void anchorsAreMadeTheWayGitHubMakesThem() {
        assertThat(anchor("`flags` — the OFREP listener")).isEqualTo("flags--the-ofrep-listener");
        assertThat(anchor("Feature flag (`strategy: feature-flag`)")).isEqualTo("feature-flag-strategy-feature-flag");
        assertThat(anchor("Graceful stop")).isEqualTo("graceful-stop");
    }

    @Test
    void aLinkToAMissingFileOrHeadingIsReported() throws IOException {
        Path readme = ROOT.resolve("README.md");
        assertThat(check(readme, "docs/no-such-doc.md")).isNotNull();
        assertThat(check(readme, "docs/api.md#no-such-heading")).isNotNull();
        assertThat(check(readme, "docs/api.md#problems")).isNull();
    }

    static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        docs.add(ROOT.resolve("CONTRIBUTING.md"));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** Link targets outside code blocks and code spans, without external URLs. */
    private static List<String> links(Path doc) throws IOException {
        List<String> targets = new ArrayList<>();
        boolean inFence = false;
        for (String line : Files.readAllLines(doc)) {
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (m.find()) {
                String target = m.group(1);
                if (!target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    targets.add(target);
                }
            }
        }
        return targets;
    }

    /** @return null when the link resolves, else what is wrong */
    private static String check(Path from, String target) throws IOException {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String fragment = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? from : from.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return "no such file " + ROOT.relativize(resolved);
        }
        if (fragment == null || !resolved.toString().endsWith(".md")) {
            return null;
        }
        Set<String> anchors = anchors(resolved);
        return anchors.contains(fragment) ? null : "no heading with anchor #" + fragment + " in " + ROOT.relativize(resolved);
    }

    private static Set<String> anchors(Path doc) throws IOException {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        for (String line : Files.readAllLines(doc)) {
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (!inFence && m.matches()) {
                String base = anchor(m.group(1));
                int n = seen.merge(base, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? base : base + "-" + n);
            }
        }
        return anchors;
    }

    /** GitHub's rule: lower case, punctuation dropped (letters, digits, '-', '_' and spaces stay), spaces to '-'. */
    static String anchor(String heading) {
        String text = heading.toLowerCase(Locale.ROOT).replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1");
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                out.appendCodePoint(c);
            } else if (c == ' ') {
                out.append('-');
            }
        });
        return out.toString();
    }
}
