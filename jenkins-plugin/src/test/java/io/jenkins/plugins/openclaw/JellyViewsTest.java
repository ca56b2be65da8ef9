package io.jenkins.plugins.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * Every Jelly view is well-formed XML and escapes expressions by default (Jenkins' XSS protection), and no view
 * carries inline JavaScript (Content Security Policy).
 */
class JellyViewsTest {
    private static final Path RESOURCES = Path.of(System.getProperty(
            "openclaw.plugin.resources", "src/main/resources"));

    private static List<Path> jellyFiles() throws IOException {
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            return files.filter(p -> p.toString().endsWith(".jelly")).sorted().toList();
        }
    }

    @Test
    void viewsExist() throws IOException {
        assertThat(jellyFiles()).extracting(p -> RESOURCES.relativize(p).toString().replace('\\', '/'))
                .contains(
                        "io/jenkins/plugins/openclaw/OpenClawDeploymentAction/badge.jelly",
                        "io/jenkins/plugins/openclaw/OpenClawDeploymentAction/summary.jelly",
                        "io/jenkins/plugins/openclaw/OpenClawGlobalConfiguration/config.jelly",
                        "io/jenkins/plugins/openclaw/OpenClawDeployStep/config.jelly",
                        "io/jenkins/plugins/openclaw/OpenClawFlagStep/config.jelly",
                        "io/jenkins/plugins/openclaw/OpenClawFlagsAction/summary.jelly");
    }

    @Test
    void everyJellyFileIsWellFormedAndEscapesByDefault() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        for (Path file : jellyFiles()) {
            factory.newDocumentBuilder().parse(file.toFile()); // throws SAXParseException when not well-formed
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(text).as(file.toString()).startsWith("<?jelly escape-by-default='true'?>");
            assertThat(text.toLowerCase(java.util.Locale.ROOT)).as(file.toString())
                    .doesNotContain("<script")
                    .doesNotContainPattern("\\son[a-z]+\\s*=");
        }
    }

    /**
     * In {@code ${%text}} Jelly reads {@code text(a, b)} as a message key with argument expressions, so plain text
     * with parentheses ("Timeout (minutes)") becomes an expression that fails to parse, and the whole page it is on
     * (the system configuration, the Snippet Generator) fails to render. Parentheses only for keys of the view's
     * properties file.
     */
    @Test
    void localizedTextsUseParenthesesOnlyForMessagesWithArguments() throws Exception {
        java.util.regex.Pattern localized = java.util.regex.Pattern.compile("\\$\\{%([^}(]*)\\(");
        for (Path file : jellyFiles()) {
            java.util.regex.Matcher m = localized.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                Path properties = file.resolveSibling(file.getFileName().toString().replace(".jelly", ".properties"));
                java.util.Properties keys = new java.util.Properties();
                if (Files.exists(properties)) {
                    try (java.io.Reader in = Files.newBufferedReader(properties, StandardCharsets.UTF_8)) {
                        keys.load(in);
                    }
                }
                assertThat(keys).as(file + ": ${%" + m.group(1) + "(...)} needs that key in " + properties)
                        .containsKey(m.group(1));
            }
        }
    }
}
