package io.openclaw.deploy.agent.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every section of the specification that code or docs cite ("spec 9.1") has a row in docs/spec-map.md, so that a
 * reader can find what it asks for; a row for a section nobody cites any more is reported too.
 */
class SpecMapTest {
    private static final Path ROOT = DocLinksTest.ROOT;
    private static final Pattern CITATION = Pattern.compile("\\bspec (\\d+(?:\\.\\d+)?)(?:(?:, | and | or )(\\d+(?:\\.\\d+)?))?");
    private static final Pattern ROW = Pattern.compile("^\\| ([\\d., ]+) \\|", Pattern.MULTILINE);
    private static final Set<String> SOURCES = Set.of(".java", ".md", ".groovy", ".yaml", ".yml", ".jelly", ".properties");

    @Test
    void everyCitedSectionHasARowAndEveryRowIsCited() throws IOException {
        Map<String, Path> cited = citations();
        Set<String> mapped = rows();
        assertThat(new TreeSet<>(cited.keySet())).as("sections cited (first place each) without a row in docs/spec-map.md: %s",
                cited).isSubsetOf(mapped);
        assertThat(mapped).as("rows of docs/spec-map.md that nothing cites").isSubsetOf(cited.keySet());
    }

    @Test
    void citationsAreReadAsWritten() {
        Matcher m = CITATION.matcher("as spec 10.1 and 10.2 ask, and spec 4");
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo("10.1");
        assertThat(m.group(2)).isEqualTo("10.2");
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo("4");
    }

    private static Map<String, Path> citations() throws IOException {
        Map<String, Path> cited = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(SpecMapTest::isSource).toList()) {
                Matcher m = CITATION.matcher(Files.readString(file));
                while (m.find()) {
                    cited.putIfAbsent(m.group(1), ROOT.relativize(file));
                    if (m.group(2) != null) {
                        cited.putIfAbsent(m.group(2), ROOT.relativize(file));
                    }
                }
            }
        }
        return cited;
    }

    private static Set<String> rows() throws IOException {
        Set<String> mapped = new TreeSet<>();
        Matcher m = ROW.matcher(Files.readString(ROOT.resolve("docs/spec-map.md")));
        while (m.find()) {
            for (String section : m.group(1).split(",")) {
                mapped.add(section.trim());
            }
        }
        return mapped;
    }

    private static boolean isSource(Path file) {
        String path = ROOT.relativize(file).toString().replace('\\', '/');
        String name = file.getFileName().toString();
        return Files.isRegularFile(file)
                && SOURCES.stream().anyMatch(name::endsWith)
                && !path.startsWith(".git") && !path.contains("/target/") && !path.startsWith("target/")
                && !path.contains("node_modules") && !path.equals("docs/spec-map.md");
    }
}
