package io.openclaw.deploy.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's first command: the demo runs a real release cycle, fails no request and leaves no process behind. */
class DemoIT {
    @Test
    void theDemoServesEveryRequestAndCleansUp() throws Exception {
        Path jar = Path.of(System.getProperty("openclaw.agentJar"));
        Path zip = Path.of(System.getProperty("openclaw.fixtures"), "openclaw-sample-app.zip");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar", jar.toString(), "demo", "--artifact", zip.toString())
                .redirectErrorStream(true)
                .start();
        List<String> output = new ArrayList<>();
        Set<Long> loopPids = new HashSet<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                output.add(line);
                if (line.startsWith("[3/5]")) {
                    // Both releases' loops are children of the demo's agent while it runs.
                    demo.descendants().forEach(p -> loopPids.add(p.pid()));
                }
            }
        }
        assertThat(demo.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String text = String.join("\n", output);

        assertThat(demo.exitValue()).as(text).isZero();
        assertThat(text).contains("Zero failed requests.").containsPattern("failed\\s+0");
        assertThat(loopPids).as("the demo's loops were seen running").hasSizeGreaterThanOrEqualTo(15);
        assertThat(loopPids).as("no loop outlives the demo")
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
}
