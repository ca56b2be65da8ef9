package io.openclaw.deploy.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent is packaged by feature; these rules keep the features independent so that each can be understood,
 * tested and replaced on its own. The module edge (agent → protocol, never the reverse) is enforced by Maven.
 */
class ArchitectureTest {
    private static final String AGENT = "io.openclaw.deploy.agent";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(AGENT);
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching(AGENT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theRouterKnowsNothingOfProcessesDeploymentsOrTheApi() {
        noClasses().that().resideInAPackage(AGENT + ".router..")
                .should().dependOnClassesThat().resideInAnyPackage(AGENT + ".supervisor..", AGENT + ".rollout..",
                        AGENT + ".api..", AGENT + ".journal..", AGENT + ".release..", AGENT + ".runtime..",
                        AGENT + ".cli..",
                        AGENT + ".verification..")
                .check(classes);
    }

    @Test
    void theRouterProcessKnowsNothingOfLoopsDeploymentsOrTheApi() {
        // It runs with no agent beside it, and starts fast: routing, flags, files and nothing else.
        noClasses().that().resideInAPackage(AGENT + ".dataplane..")
                .should().dependOnClassesThat().resideInAnyPackage(AGENT + ".supervisor..", AGENT + ".rollout..",
                        AGENT + ".api..", AGENT + ".release..", AGENT + ".runtime..", AGENT + ".cli..",
                        AGENT + ".resources..")
                .check(classes);
    }

    @Test
    void theSupervisorKnowsNothingOfRoutingDeploymentsOrTheApi() {
        noClasses().that().resideInAPackage(AGENT + ".supervisor..")
                .should().dependOnClassesThat().resideInAnyPackage(AGENT + ".router..", AGENT + ".rollout..",
                        AGENT + ".api..", AGENT + ".journal..", AGENT + ".runtime..", AGENT + ".cli..",
                        AGENT + ".verification..")
                .check(classes);
    }

    @Test
    void theResourceMonitorOnlyReadsTheSupervisorsSnapshots() {
        noClasses().that().resideInAPackage(AGENT + ".resources..")
                .should().dependOnClassesThat().resideInAnyPackage(AGENT + ".router..", AGENT + ".rollout..",
                        AGENT + ".api..", AGENT + ".journal..", AGENT + ".runtime..", AGENT + ".cli..",
                        AGENT + ".verification..")
                .check(classes);
    }

    @Test
    void theVerificationOnlyMeasuresAndNeverDecidesAboutDeployments() {
        noClasses().that().resideInAPackage(AGENT + ".verification..")
                .should().dependOnClassesThat().resideInAnyPackage(AGENT + ".rollout..", AGENT + ".api..",
                        AGENT + ".journal..", AGENT + ".flags..", AGENT + ".runtime..", AGENT + ".cli..")
                .check(classes);
    }

    @Test
    void monitoringReadsTheRouterAndIsToldOfDeploymentsNothingMore() {
        // Spec 11's figures: the router's public methods and the rollout's DeploymentObserver are its only inputs.
        noClasses().that().resideInAPackage(AGENT + ".monitoring..")
                .should().dependOnClassesThat().resideInAnyPackage(AGENT + ".supervisor..", AGENT + ".api..",
                        AGENT + ".journal..", AGENT + ".release..", AGENT + ".resources..", AGENT + ".runtime..",
                        AGENT + ".cli..")
                .check(classes);
        noClasses().that().resideInAPackage(AGENT + ".monitoring..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage(AGENT + ".rollout..")
                        .and(DescribedPredicate.not(HasName.Predicates.nameMatching(
                                ".*\\.rollout\\.DeploymentObserver(\\$.*)?"))))
                .check(classes);
    }

    @Test
    void releasesAndConfigurationArePlainData() {
        noClasses().that().resideInAnyPackage(AGENT + ".release..", AGENT + ".config..")
                .should().dependOnClassesThat().resideInAnyPackage(AGENT + ".router..", AGENT + ".supervisor..",
                        AGENT + ".rollout..", AGENT + ".api..", AGENT + ".journal..", AGENT + ".runtime..",
                        AGENT + ".cli..",
                        AGENT + ".verification..", AGENT + ".state..")
                .check(classes);
    }

    @Test
    void stateMigrationMovesStateAndLeavesTheDecisionsToTheRollout() {
        // Spec 3.3's steps on files, Redis and snapshots; when they run, and what a failure means, is rollout's.
        noClasses().that().resideInAPackage(AGENT + ".state..")
                .should().dependOnClassesThat().resideInAnyPackage(AGENT + ".router..", AGENT + ".supervisor..",
                        AGENT + ".rollout..", AGENT + ".api..", AGENT + ".dataplane..", AGENT + ".flags..",
                        AGENT + ".resources..", AGENT + ".verification..", AGENT + ".runtime..", AGENT + ".cli..")
                .check(classes);
        noClasses().that().resideInAnyPackage(AGENT + ".router..", AGENT + ".supervisor..", AGENT + ".api..",
                        AGENT + ".dataplane..", AGENT + ".journal..", AGENT + ".verification..")
                .should().dependOnClassesThat().resideInAPackage(AGENT + ".state..")
                .check(classes);
    }

    @Test
    void theApiSeesTheAgentOnlyThroughItsOperationsContract() {
        noClasses().that().resideInAPackage(AGENT + ".api..")
                .should().dependOnClassesThat().resideInAnyPackage(AGENT + ".rollout..", AGENT + ".router..",
                        AGENT + ".supervisor..", AGENT + ".journal..", AGENT + ".runtime..", AGENT + ".cli..",
                        AGENT + ".verification..")
                .check(classes);
    }

    @Test
    void theReadOnlyModeKnowsNoFeature() {
        noClasses().that().resideInAPackage(AGENT + ".disk..")
                .should().dependOnClassesThat().resideInAnyPackage(AGENT + ".config..", AGENT + ".release..",
                        AGENT + ".supervisor..", AGENT + ".router..", AGENT + ".resources..", AGENT + ".journal..",
                        AGENT + ".flags..", AGENT + ".tls..", AGENT + ".api..", AGENT + ".rollout..",
                        AGENT + ".platform..", AGENT + ".service..", AGENT + ".runtime..", AGENT + ".cli..")
                .check(classes);
    }

    @Test
    void onlyTheCommandLineAssemblesTheRuntime() {
        noClasses().that().resideOutsideOfPackages(AGENT + ".cli..", AGENT + ".runtime..")
                .should().dependOnClassesThat().resideInAnyPackage(AGENT + ".runtime..", AGENT + ".cli..")
                .check(classes);
    }

    @Test
    void theDemoIsAModuleOfItsOwn() {
        // The guided tour is demo/ (io.openclaw.deploy.demo), which uses the agent as a library; the agent jar ships
        // none of it and knows nothing of it.
        noClasses().should().resideInAnyPackage(AGENT + "..demo..", "io.openclaw.deploy.demo..")
                .orShould().dependOnClassesThat().resideInAPackage("io.openclaw.deploy.demo..")
                .check(classes);
    }

    @Test
    void theWireProtocolNeverDependsOnTheAgent() {
        noClasses().that().resideInAPackage("io.openclaw.deploy.protocol..")
                .should().dependOnClassesThat().resideInAPackage(AGENT + "..")
                .check(new ClassFileImporter().importPackages("io.openclaw.deploy.protocol"));
    }
}
