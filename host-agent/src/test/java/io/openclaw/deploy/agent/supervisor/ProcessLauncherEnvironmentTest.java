package io.openclaw.deploy.agent.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** A loop's variables next to the inherited ones (issue 15, item 7): one variable per name, as Windows counts names. */
class ProcessLauncherEnvironmentTest {
    @Test
    void onWindowsAManifestVariableReplacesTheInheritedOneWhateverItsCase() {
        Map<String, String> inherited = new HashMap<>(Map.of("Path", "C:\\Windows", "TEMP", "C:\\Temp", "HOME", "x"));

        EnvironmentMerge.into(inherited, Map.of("PATH", "C:\\loop\\bin", "temp", "C:\\loop\\tmp"), true);

        assertThat(inherited).containsOnly(Map.entry("PATH", "C:\\loop\\bin"), Map.entry("temp", "C:\\loop\\tmp"),
                Map.entry("HOME", "x"));
    }

    @Test
    void onPosixNamesDifferingInCaseAreDifferentVariables() {
        Map<String, String> inherited = new HashMap<>(Map.of("Path", "/a"));

        EnvironmentMerge.into(inherited, Map.of("PATH", "/b"), false);

        assertThat(inherited).containsOnly(Map.entry("Path", "/a"), Map.entry("PATH", "/b"));
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs /usr/bin/env; on Windows the checklist runs real loops")
    void theLaunchedProcessGetsOnlyTheManifestsSpelling(@TempDir Path dir) throws Exception {
        String inheritedName = System.getenv().keySet().stream().filter(n -> n.equalsIgnoreCase("PATH")).findFirst()
                .orElseThrow();
        String manifestName = inheritedName.equals("PATH") ? "Path" : "PATH";
        InstanceSpec spec = new InstanceSpec("env-blue-0", "env", "1.0.0", "blue", 0, 18099,
                List.of("/usr/bin/env"), Map.of(manifestName, "/loop/bin"), dir, null);

        Process process = new ProcessLauncher(dir, true, UnaryOperator.identity()).launch(spec);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();

        List<String> lines = Files.readAllLines(new ProcessLauncher(dir, true, UnaryOperator.identity()).logFile(spec));
        assertThat(lines).contains(manifestName + "=/loop/bin");
        assertThat(lines).noneMatch(line -> line.startsWith(inheritedName + "="));
    }
}
