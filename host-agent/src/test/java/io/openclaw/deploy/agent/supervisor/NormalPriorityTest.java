package io.openclaw.deploy.agent.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Children of an agent that runs above normal priority are launched back at it (issue 12: back in control sooner). */
class NormalPriorityTest {
    private static final Path NICE = Path.of("/usr/bin/nice");

    @Test
    void readsTheNiceValueAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 7 3 0 0 20 -5 31 0 123 0 0";

        assertThat(NormalPriority.niceOf(stat)).contains(-5);
        assertThat(NormalPriority.niceOf("garbage")).isEmpty();
        assertThat(NormalPriority.niceOf("1 (x) S 1 2")).isEmpty();
    }

    @Test
    void commandsStayAsTheyAreWhenTheAgentIsNotAboveNormal() {
        List<String> command = List.of("java", "-jar", "loop.jar");

        assertThat(new NormalPriority(0, NICE).apply(command)).isEqualTo(command);
        assertThat(new NormalPriority(3, NICE).apply(command)).isEqualTo(command);
        assertThat(new NormalPriority(-5, Path.of("/no/such/nice")).apply(command)).isEqualTo(command);
        assertThat(new NormalPriority(-5, NICE).apply(command)).containsExactly("/usr/bin/nice", "-n", "5", "java",
                "-jar", "loop.jar");
        assertThat(new NormalPriority(-5, NICE).describe()).isEqualTo("nice -5, loops and router launched at nice 0");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aChildOfAnAgentAtNiceMinusFiveRunsFiveLowerWithTheLaunchedPid(@TempDir Path dir) throws Exception {
        // This JVM cannot go below its own nice value without privileges; the lowering is relative, so a child of
        // "an agent at -5" launched from here runs 5 above this JVM.
        int ownNice = NormalPriority.ownNice().orElseThrow();
        InstanceSpec spec = new InstanceSpec("nice-blue-0", "nice", "1.0.0", "blue", 0, 18098,
                List.of("/bin/sh", "-c", "echo pid=$$; cat /proc/self/stat"), Map.of(), dir, null);

        Process process = new ProcessLauncher(dir, false, new NormalPriority(-5, NICE)).launch(spec);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();

        List<String> lines = Files.readAllLines(new ProcessLauncher(dir, false, c -> c).logFile(spec));
        // The shell is the launched process itself (nice replaced itself with it): adoption and stop see its pid.
        assertThat(lines).contains("pid=" + process.pid());
        assertThat(NormalPriority.niceOf(lines.get(lines.size() - 1))).contains(Math.min(19, ownNice + 5));
    }
}
