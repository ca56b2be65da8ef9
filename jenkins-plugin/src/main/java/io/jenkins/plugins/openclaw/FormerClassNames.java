package io.jenkins.plugins.openclaw;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.Run;
import io.jenkins.plugins.openclaw.core.BuildDeploymentRecord;

/**
 * Builds saved before a class was renamed name it in their build.xml by its former name; XStream reads them as the
 * class of today. ({@code core.DeploymentRecord} became {@link BuildDeploymentRecord} so that it is no longer confused
 * with the agent's journal record of the same name.) The aliases are in place before any build is loaded.
 */
public final class FormerClassNames {
    private static final String FORMER_RECORD = "io.jenkins.plugins.openclaw.core.DeploymentRecord";

    private FormerClassNames() {}

    @Initializer(before = InitMilestone.PLUGINS_STARTED)
    public static void register() {
        Run.XSTREAM2.addCompatibilityAlias(FORMER_RECORD, BuildDeploymentRecord.class);
        Run.XSTREAM2.addCompatibilityAlias(FORMER_RECORD + "$Phase", BuildDeploymentRecord.Phase.class);
        Run.XSTREAM2.addCompatibilityAlias(FORMER_RECORD + "$RollbackNote", BuildDeploymentRecord.RollbackNote.class);
        Run.XSTREAM2.addCompatibilityAlias(
                FORMER_RECORD + "$VerificationCheck", BuildDeploymentRecord.VerificationCheck.class);
    }
}
