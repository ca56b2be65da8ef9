package io.openclaw.deploy.demo;

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

/**
 * The README's first command: the demo runs a blue-green release cycle, a faulty canary that the agent's analysis rolls
 * back, and a flag-driven release, fails no request through the router and leaves no process behind.
 */
class DemoIT {
    @Test
    void theDemoServesEveryRequestAndCleansUp() throws Exception {
        Path jar = Path.of(System.getProperty("openclaw.demoJar"));
        Path zip = Path.of(System.getProperty("openclaw.fixtures"), "openclaw-sample-app.zip");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar", jar.toString(), "--artifact", zip.toString())
                .redirectErrorStream(true)
                .start();
        List<String> output = new ArrayList<>();
        Set<Long> loopPids = new HashSet<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                output.add(line);
                if (line.startsWith("[")) {
                    // Every release's loops are children of the demo's agent while it runs.
                    demo.descendants().forEach(p -> loopPids.add(p.pid()));
                }
            }
        }
        assertThat(demo.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String text = String.join("\n", output);

        assertThat(demo.exitValue()).as(text).isZero();
        assertThat(text).contains("Zero failed requests.").containsPattern("(?m)^  failed\\s+0$");
        assertThat(text).as("the steps of all three parts").contains("[7/7] Stopping traffic");
        assertThat(output).filteredOn(line -> line.matches("\\[\\d+/\\d+\\] .*"))
                .as("each step numbered once, of the total of steps shown")
                .map(line -> line.substring(0, line.indexOf(']') + 1))
                .containsExactly("[1/7]", "[2/7]", "[3/7]", "[4/7]", "[5/7]", "[6/7]", "[7/7]");

        // The faulty canary: caught by the error-rate trigger, rolled back, and no request reached it afterwards.
        assertThat(text).containsPattern("canary 3\\.0\\.0 .*SAMPLE_ERROR_RATE=0\\.20: ROLLED_BACK by the error_rate"
                + " trigger");
        assertThat(text).containsPattern("failed check +(browser_agent|gpt_interface) at 20%: error rate 0\\.[1-9]");
        assertThat(text).containsPattern("canary traffic +[1-9]\\d* served and [1-9]\\d* 5xx answered by 3\\.0\\.0"
                + " itself");
        assertThat(text).contains("requests reaching 3.0.0 after its removal: 0");

        // The flag-driven release: succeeded, the flag retired, beta callers on the new version from the first phase.
        assertThat(text).contains("flag release         4.0.0 of identity_manager SUCCEEDED;"
                + " flag release.identity_manager retired");
        assertThat(text).containsPattern("flag revisions +20% by (d-\\S+) -> 50% by \\1 -> deleted by \\1");
        assertThat(text).containsPattern("flag 20% +\\d+ +100%");
        assertThat(text).containsPattern("promoted +\\d+ +100% +100%");
        assertThat(text).contains("keyed callers failed 0");
        assertThat(loopPids).as("the demo's loops were seen running").hasSizeGreaterThanOrEqualTo(15);
        assertThat(loopPids).as("no loop outlives the demo")
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
}
