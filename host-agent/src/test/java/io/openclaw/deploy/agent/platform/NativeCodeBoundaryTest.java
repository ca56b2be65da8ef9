package io.openclaw.deploy.agent.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * JNA (and with it every Windows call) stays inside the few classes chosen by the platform at start-up, so the rest
 * of the agent runs unchanged on Linux and never loads a Windows library by accident.
 */
class NativeCodeBoundaryTest {
    @Test
    void onlyThePlatformAndTheWindowsPackagesTouchJna() {
        noClasses().that().resideOutsideOfPackages("io.openclaw.deploy.agent.platform..",
                        "io.openclaw.deploy.agent.service.windows..", "io.openclaw.deploy.agent.supervisor.windows..")
                .should().dependOnClassesThat().resideInAPackage("com.sun.jna..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.openclaw.deploy.agent"));
    }
}
