package io.jenkins.plugins.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The Snippet Generator forms bind back to the same steps. */
@WithJenkins
class OpenClawStepsConfigITest {
    @Test
    void stepsRoundTripThroughTheirForms(JenkinsRule j) throws Exception {
        OpenClawDeployStep deploy = new OpenClawDeployStep("win-prod-01", "dist/openclaw.zip");
        deploy.setVersion("1.4.2");
        deploy.setStrategy("canary");
        deploy.setTimeoutMinutes(45);
        deploy.setPropagate(false);
        deploy.setLoops(List.of("planner", "executor"));
        OpenClawDeployStep deployAgain = new StepConfigTester(j).configRoundTrip(deploy);
        j.assertEqualDataBoundBeans(deploy, deployAgain);
        assertThat(deployAgain.getLoops()).containsExactly("planner", "executor");

        OpenClawRollbackStep rollback = new OpenClawRollbackStep("win-prod-01");
        rollback.setToVersion("1.4.1");
        rollback.setReason("p99 regression");
        j.assertEqualDataBoundBeans(rollback, new StepConfigTester(j).configRoundTrip(rollback));

        OpenClawControlStep control = new OpenClawControlStep("win-prod-01", "promote");
        j.assertEqualDataBoundBeans(control, new StepConfigTester(j).configRoundTrip(control));

        OpenClawFlagStep flag = new OpenClawFlagStep("win-prod-01", "new_voice_model");
        flag.setEnabled(true);
        flag.setRolloutPercentage(25.0);
        flag.setDescription("ramping");
        flag.setRules("[{\"action\":\"enable\",\"conditions\":[]}]");
        j.assertEqualDataBoundBeans(flag, new StepConfigTester(j).configRoundTrip(flag));
        OpenClawFlagStep flagRollback = new OpenClawFlagStep("win-prod-01", "new_voice_model");
        flagRollback.setRollbackToRevision(3);
        j.assertEqualDataBoundBeans(flagRollback, new StepConfigTester(j).configRoundTrip(flagRollback));

        j.assertEqualDataBoundBeans(List.of(new OpenClawStatusStep("a")),
                List.of(new StepConfigTester(j).configRoundTrip(new OpenClawStatusStep("a"))));
    }
}
