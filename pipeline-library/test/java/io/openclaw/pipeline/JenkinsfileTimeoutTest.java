package io.openclaw.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Reads the repository's Jenkinsfile as text: a time limit that covers a deployment must leave it the whole of
 * openclawDeploy's own default timeout. This module cannot depend on the plugin, so the default is read from
 * DeployArguments.java as text too.
 */
class JenkinsfileTimeoutTest {
    /** Surefire runs in pipeline-library/, one level below the repository root. */
    private static final Path ROOT = Path.of("..");
    private static final Pattern DEFAULT_TIMEOUT = Pattern.compile("DEFAULT_TIMEOUT_MINUTES\\s*=\\s*(\\d+)\\s*;");
    private static final Pattern TIMEOUT = Pattern.compile("\\btimeout\\s*\\(([^)]*)\\)");
    private static final Pattern TIME = Pattern.compile("\\btime\\s*:\\s*(\\d+)");
    private static final Pattern UNIT = Pattern.compile("\\bunit\\s*:\\s*'(\\w+)'");
    private static final Pattern STAGE = Pattern.compile("\\bstage\\s*\\(\\s*'([^']*)'\\s*\\)");

    @Test
    void noTimeoutAroundADeploymentIsShorterThanTheDeploymentsOwn() throws IOException {
        int deployMinutes = defaultDeploymentTimeoutMinutes();
        String jenkinsfile = jenkinsfile();
        int stages = jenkinsfile.indexOf("stages {");
        assertThat(stages).as("the Jenkinsfile has a stages block").isPositive();

        assertThat(timeoutsInMinutes(jenkinsfile.substring(0, stages)))
                .as("pipeline-wide timeouts (options before stages) also bound the deploy stage, whose openclawDeploy"
                        + " may run %d minutes by default", deployMinutes)
                .allSatisfy(minutes -> assertThat(minutes).isGreaterThan(deployMinutes));
        List<String> deployStages = new ArrayList<>();
        for (String stage : stageTexts(jenkinsfile.substring(stages))) {
            if (stage.contains("openclawPipeline(") || stage.contains("openclawDeploy")) {
                deployStages.add(stage);
                assertThat(timeoutsInMinutes(stage))
                        .as("timeouts of a deploying stage, whose openclawDeploy may run %d minutes by default",
                                deployMinutes)
                        .allSatisfy(minutes -> assertThat(minutes).isGreaterThan(deployMinutes));
            }
        }
        assertThat(deployStages).as("the Jenkinsfile has a stage that deploys").isNotEmpty();
    }

    @Test
    void theBuildAndTestStageKeepsItsOwnTimeout() throws IOException {
        String jenkinsfile = jenkinsfile();
        String build = stageTexts(jenkinsfile.substring(jenkinsfile.indexOf("stages {"))).stream()
                .filter(stage -> stage.startsWith("stage('Build and test')")).findFirst().orElseThrow();

        assertThat(timeoutsInMinutes(build)).as("a hung build is still aborted").isNotEmpty();
    }

    private static int defaultDeploymentTimeoutMinutes() throws IOException {
        String source = Files.readString(ROOT.resolve(
                "jenkins-plugin/src/main/java/io/jenkins/plugins/openclaw/core/DeployArguments.java"));
        Matcher m = DEFAULT_TIMEOUT.matcher(source);
        assertThat(m.find()).as("DeployArguments.java declares DEFAULT_TIMEOUT_MINUTES").isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The Jenkinsfile without its whole-line comments. */
    private static String jenkinsfile() throws IOException {
        return Files.readString(ROOT.resolve("Jenkinsfile")).replaceAll("(?m)^\\s*//.*$", "");
    }

    /** Each {@code stage('…')} with the text up to the next one (the Jenkinsfile does not nest stages). */
    private static List<String> stageTexts(String text) {
        List<Integer> starts = new ArrayList<>();
        Matcher m = STAGE.matcher(text);
        while (m.find()) {
            starts.add(m.start());
        }
        List<String> stages = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            stages.add(text.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : text.length()));
        }
        return stages;
    }

    /** Every {@code timeout(time: N, unit: '…')} in the text, in minutes (Jenkins' default unit). */
    private static List<Long> timeoutsInMinutes(String text) {
        List<Long> minutes = new ArrayList<>();
        Matcher m = TIMEOUT.matcher(text);
        while (m.find()) {
            Matcher time = TIME.matcher(m.group(1));
            assertThat(time.find()).as("timeout with a time: %s", m.group()).isTrue();
            Matcher unit = UNIT.matcher(m.group(1));
            TimeUnit u = unit.find() ? TimeUnit.valueOf(unit.group(1)) : TimeUnit.MINUTES;
            minutes.add(u.toMinutes(Long.parseLong(time.group(1))));
        }
        return minutes;
    }
}
