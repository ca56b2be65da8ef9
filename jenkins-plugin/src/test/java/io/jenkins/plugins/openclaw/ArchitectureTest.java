package io.jenkins.plugins.openclaw;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.interceptor.RequirePOST;
import org.kohsuke.stapler.verb.POST;

/**
 * The step logic stays testable without Jenkins (the core package never touches a Jenkins API), and the plugin keeps
 * Jenkins' security conventions, as warnings-ng's PluginArchitectureTest checks them: every web method answers POST
 * only (so a crumb protects it and a link or an image cannot trigger it), and what Stapler binds is public.
 */
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

    @Test
    void everyWebMethodAnswersPostOnly() {
        methods().that().arePublic().and().haveNameMatching("do[A-Z].*")
                .and().areDeclaredInClassesThat().resideInAPackage("io.jenkins.plugins.openclaw")
                .should().beAnnotatedWith(POST.class).orShould().beAnnotatedWith(RequirePOST.class)
                .check(classes);
    }

    @Test
    void dataBoundSettersArePublicOnPublicClasses() {
        methods().that().areAnnotatedWith(DataBoundSetter.class)
                .should().bePublic().andShould().beDeclaredInClassesThat().arePublic()
                .check(classes);
    }
}
