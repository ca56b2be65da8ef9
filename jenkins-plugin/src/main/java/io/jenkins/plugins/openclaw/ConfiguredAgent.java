package io.jenkins.plugins.openclaw;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.openclaw.core.AgentSettings;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentEndpoint;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.Fingerprints;
import java.net.URI;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One agent in the global configuration: its name (what steps refer to), API URL, pinned certificate fingerprint and
 * the id of the Secret Text credential holding its API token. The token itself is never stored here.
 */
public final class ConfiguredAgent implements Describable<ConfiguredAgent> {
    private final String name;
    private final String url;
    private final String fingerprint;
    private final String credentialsId;

    @DataBoundConstructor
    public ConfiguredAgent(String name, String url, String fingerprint, String credentialsId) {
        this.name = name == null ? null : name.trim();
        this.url = url == null ? null : url.trim();
        this.fingerprint = fingerprint == null ? null : fingerprint.trim();
        this.credentialsId = credentialsId == null ? null : credentialsId.trim();
    }

    public String getName() {
        return name;
    }

    public String getUrl() {
        return url;
    }

    public String getFingerprint() {
        return fingerprint;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    List<String> problems() {
        return AgentSettings.problems(name, url, fingerprint, credentialsId);
    }

    AgentEndpoint endpoint(String token) {
        return AgentEndpoint.of(URI.create(url), token, Fingerprints.normalize(fingerprint));
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<ConfiguredAgent> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.ConfiguredAgent_DisplayName();
        }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return toValidation(AgentSettings.checkName(value));
        }

        @POST
        public FormValidation doCheckUrl(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return toValidation(AgentSettings.checkUrl(value));
        }

        @POST
        public FormValidation doCheckFingerprint(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return toValidation(AgentSettings.checkFingerprint(value));
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
            String current = credentialsId == null ? "" : credentialsId;
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return new ListBoxModel().add(current);
            }
            return AgentTokens.choices(current);
        }

        /** The "Test connection" button: administrators only, POST only, the token never echoed. */
        @POST
        public FormValidation doTestConnection(
                @QueryParameter String url, @QueryParameter String fingerprint, @QueryParameter String credentialsId) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            List<String> problems = AgentSettings.problems("test", url, fingerprint, credentialsId);
            if (!problems.isEmpty()) {
                return FormValidation.error(String.join("; ", problems));
            }
            StringCredentials token = AgentTokens.onRoot(credentialsId.trim());
            if (token == null) {
                return FormValidation.error(Messages.ConfiguredAgent_NoSuchCredential(credentialsId));
            }
            if (!AgentTokens.usableByJobs(token)) {
                return FormValidation.error(Messages.ConfiguredAgent_SystemScopedCredential(credentialsId));
            }
            ConfiguredAgent probe = new ConfiguredAgent("test", url, fingerprint, credentialsId);
            try (AgentClient client = new AgentClient(probe.endpoint(token.getSecret().getPlainText()))) {
                AgentStatus status = client.status();
                return FormValidation.ok(Messages.ConfiguredAgent_Connected(
                        status.agentVersion(), status.release() == null ? "-" : status.release()));
            } catch (Exception e) {
                return FormValidation.error(Messages.ConfiguredAgent_ConnectionFailed(e.getMessage()));
            }
        }

        private static FormValidation toValidation(String problem) {
            return problem == null ? FormValidation.ok() : FormValidation.error(problem);
        }

    }
}
