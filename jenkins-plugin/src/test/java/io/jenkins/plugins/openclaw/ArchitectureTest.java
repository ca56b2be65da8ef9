package io.jenkins.plugins.openclaw;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.constructors;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.io.File;
import java.util.Set;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.interceptor.RequirePOST;
import org.kohsuke.stapler.verb.POST;

/**
 * The step logic stays testable without Jenkins (the core package never touches a Jenkins API), and the plugin keeps
 * Jenkins' security conventions, as warnings-ng's PluginArchitectureTest checks them: every web method answers POST
 * only (so a crumb protects it and a link or an image cannot trigger it), a web method that reaches Jenkins, the
 * credentials or an agent checks a permission first, what Stapler binds is public, and nothing holds a
 * {@link File} (a path of the controller, meaningless on an agent and in a build.xml moved to another machine).
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

    @Test
    void dataBoundConstructorsArePublicOnPublicClasses() {
        constructors().that().areAnnotatedWith(DataBoundConstructor.class)
                .should().bePublic().andShould().beDeclaredInClassesThat().arePublic()
                .check(classes);
    }

    @Test
    void webMethodsThatReachBeyondTheirArgumentsCheckAPermission() {
        methods().that().arePublic().and().haveNameMatching("do[A-Z].*")
                .and().areDeclaredInClassesThat().resideInAPackage("io.jenkins.plugins.openclaw")
                .should(checkAPermissionWhenTheyReachBeyondTheirArguments())
                .check(classes);
    }

    @Test
    void nothingHoldsAFile() {
        noFields().that().areDeclaredInClassesThat().resideInAPackage("io.jenkins.plugins.openclaw..")
                .should().haveRawType(File.class)
                .because("a File names a path on the controller; FilePath is what crosses to agents and build.xml")
                .check(classes);
    }

    @Test
    void aWebMethodReachingJenkinsWithoutAPermissionCheckIsReported() {
        JavaClasses fixtures = new ClassFileImporter().importClasses(Unchecked.class, Checked.class, TextOnly.class);
        EvaluationResult result = methods().that().haveNameMatching("do[A-Z].*")
                .should(checkAPermissionWhenTheyReachBeyondTheirArguments()).evaluate(fixtures);
        assertThat(result.getFailureReport().getDetails()).singleElement().asString()
                .contains("Unchecked.doCheckThing").contains("reaches [Jenkins]");
    }

    /** Reads Jenkins' state for anyone: what the rule exists to catch. */
    static final class Unchecked {
        public FormValidation doCheckThing(String value) {
            return Jenkins.get().getItem(value) == null ? FormValidation.error("none") : FormValidation.ok();
        }
    }

    static final class Checked {
        public FormValidation doCheckThing(String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return Jenkins.get().getItem(value) == null ? FormValidation.error("none") : FormValidation.ok();
        }
    }

    /** Judges the text it is given and nothing else: needs no permission. */
    static final class TextOnly {
        public FormValidation doCheckThing(String value) {
            return value.isBlank() ? FormValidation.error("empty") : FormValidation.ok();
        }
    }

    /**
     * A web method is anyone's to call with any arguments. One that only validates the text it is given (a name's
     * syntax) or lists fixed choices needs no permission; one that calls anything else (Jenkins, the credentials, the
     * run, an agent) must call {@code checkPermission} or {@code hasPermission} itself. Only its own calls are looked
     * at, so the check belongs in the web method, where a reviewer looks for it.
     */
    private static ArchCondition<JavaMethod> checkAPermissionWhenTheyReachBeyondTheirArguments() {
        Set<String> harmless = Set.of(FormValidation.class.getName(), ListBoxModel.class.getName(),
                ListBoxModel.Option.class.getName(), HttpResponses.class.getName(), Messages.class.getName());
        DescribedPredicate<JavaClass> pure = DescribedPredicate.describe("pure", c -> c.getPackageName().startsWith("java.")
                || c.getPackageName().startsWith("io.jenkins.plugins.openclaw.core")
                || harmless.contains(c.getName()));
        return new ArchCondition<>("check a permission when they reach beyond their arguments") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                Set<? extends JavaAccess<?>> calls = method.getCallsFromSelf();
                boolean checks = calls.stream().anyMatch(c -> c.getName().equals("checkPermission")
                        || c.getName().equals("hasPermission"));
                var reaching = calls.stream().map(c -> c.getTargetOwner())
                        .filter(owner -> !pure.test(owner) && !owner.equals(method.getOwner()))
                        .map(JavaClass::getSimpleName).distinct().sorted().toList();
                boolean ok = checks || reaching.isEmpty();
                events.add(new SimpleConditionEvent(method, ok, method.getFullName()
                        + (ok ? " is fine" : " reaches " + reaching + " without checking a permission")));
            }
        };
    }
}
