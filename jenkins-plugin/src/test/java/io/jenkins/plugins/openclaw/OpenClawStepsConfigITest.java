package io.jenkins.plugins.openclaw;

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
        OpenClawDeployStep deployAgain = new StepConfigTester(j).configRoundTrip(deploy);
        // loops is script-only (not on the form), everything else must survive.
        j.assertEqualDataBoundBeans(deploy, deployAgain);

        OpenClawRollbackStep rollback = new OpenClawRollbackStep("win-prod-01");
        rollback.setToVersion("1.4.1");
        rollback.setReason("p99 regression");
        j.assertEqualDataBoundBeans(rollback, new StepConfigTester(j).configRoundTrip(rollback));

        OpenClawControlStep control = new OpenClawControlStep("win-prod-01", "promote");
        j.assertEqualDataBoundBeans(control, new StepConfigTester(j).configRoundTrip(control));

        j.assertEqualDataBoundBeans(List.of(new OpenClawStatusStep("a")),
                List.of(new StepConfigTester(j).configRoundTrip(new OpenClawStatusStep("a"))));
    }
}
