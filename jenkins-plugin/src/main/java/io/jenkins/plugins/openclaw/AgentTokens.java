package io.jenkins.plugins.openclaw;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Where an agent's API token (a Secret Text credential) is looked up, in the context that will use it.
 *
 * <p>A credential of scope {@link CredentialsScope#SYSTEM} lives on the Jenkins root and is invisible from a job or a
 * build, so the global configuration offers and accepts only credentials that jobs can see ({@code GLOBAL}): a form
 * that offered a SYSTEM credential, and a "Test connection" that succeeded with it, would leave every step and the
 * Roll back button without a token.
 */
final class AgentTokens {
    /** What jobs can use: everything but SYSTEM. */
    static final CredentialsMatcher USABLE_BY_JOBS = CredentialsMatchers.withScope(CredentialsScope.GLOBAL);

    private AgentTokens() {}

    /** For steps: as the build sees it (usage tracked by the Credentials API). */
    @CheckForNull
    static StringCredentials forRun(String id, Run<?, ?> run) {
        return CredentialsProvider.findCredentialById(id, StringCredentials.class, run, List.<DomainRequirement>of());
    }

    /** For the Roll back button: what the job can use, looked up as the system, and tracked. */
    @CheckForNull
    static StringCredentials forItem(String id, Item item) {
        StringCredentials token = CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItem(
                        StringCredentials.class, item, ACL.SYSTEM2, List.<DomainRequirement>of()),
                CredentialsMatchers.withId(id));
        if (token != null) {
            CredentialsProvider.track(item, token);
        }
        return token;
    }

    /** For "Test connection": any Secret Text of that id on the root, so that a SYSTEM one can be named as such. */
    @CheckForNull
    static StringCredentials onRoot(String id) {
        return CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(
                        StringCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.<DomainRequirement>of()),
                CredentialsMatchers.withId(id));
    }

    static boolean usableByJobs(StringCredentials token) {
        return USABLE_BY_JOBS.matches(token);
    }

    /** The configuration form's choices: Secret Texts that jobs can use. */
    static ListBoxModel choices(String current) {
        return new StandardListBoxModel()
                .includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StringCredentials.class,
                        List.<DomainRequirement>of(), USABLE_BY_JOBS)
                .includeCurrentValue(current);
    }
}
