package io.jenkins.plugins.openclaw;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The step logic stays testable without Jenkins: the core package never touches a Jenkins API. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jenkins.plugins.openclaw");

    @Test
    void coreIsFreeOfJenkinsTypes() {
        noClasses().that().resideInAPackage("io.jenkins.plugins.openclaw.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "hudson..", "jenkins..", "org.jenkinsci..", "org.kohsuke..", "com.cloudbees..")
                .check(classes);
    }

    @Test
    void coreDoesNotDependOnTheGlue() {
        noClasses().that().resideInAPackage("io.jenkins.plugins.openclaw.core..")
                .should().dependOnClassesThat().resideInAPackage("io.jenkins.plugins.openclaw")
                .check(classes);
    }
}
