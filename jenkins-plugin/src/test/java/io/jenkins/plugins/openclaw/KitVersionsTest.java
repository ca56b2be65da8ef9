package io.jenkins.plugins.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The plugin declares exactly the Jenkins and plugin versions of the shared kit it is compiled against and proven in:
 * in the root pom (the default build and the .hpi manifest) and in the -Pjenkins pom, which cannot share properties
 * with it. Read from the kit's own plugin archives, so a new kit shows every place to update.
 */
class KitVersionsTest {
    private static final Pattern PROPERTY = Pattern.compile("<(jenkins\\.plugin|kit)\\.([a-z0-9-]+)\\.version>([^<]+)<");

    @Test
    void bothPomsNameThePluginVersionsOfTheKit() throws IOException {
        Path pluginDir = Path.of(System.getProperty("openclaw.plugin.dir", ".."));
        Path kit = Path.of(System.getProperty("openclaw.jenkinsKit", "../../shared/jenkins"));
        Map<String, String> declared = new LinkedHashMap<>();
        declared.putAll(versions(pluginDir.resolve("../pom.xml"), "root pom"));
        declared.putAll(versions(pluginDir.resolve("pom.xml"), "-Pjenkins pom"));

        assertThat(declared).isNotEmpty();
        declared.forEach((where, version) -> {
            String plugin = where.substring(where.lastIndexOf(' ') + 1);
            assertThat(version).as(where).isEqualTo(kitVersion(kit, plugin));
        });
    }

    @Test
    void theMinimumJenkinsIsTheKitsJenkins() throws IOException {
        Path pluginDir = Path.of(System.getProperty("openclaw.plugin.dir", ".."));
        assertThat(Files.readString(pluginDir.resolve("../pom.xml"))).contains("<jenkins.core.version>2.516.2<");
        assertThat(Files.readString(pluginDir.resolve("pom.xml"))).contains("<jenkins.version>2.516.2<");
    }

    private static Map<String, String> versions(Path pom, String name) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = PROPERTY.matcher(Files.readString(pom));
        while (m.find()) {
            out.put(name + " " + m.group(2), m.group(3));
        }
        return out;
    }

    private static String kitVersion(Path kit, String plugin) {
        try (JarFile jpi = new JarFile(kit.resolve("plugins/" + plugin + ".jpi").toFile())) {
            return jpi.getManifest().getMainAttributes().getValue("Plugin-Version");
        } catch (IOException e) {
            throw new AssertionError("the kit has no plugin " + plugin + " at " + kit, e);
        }
    }
}
