package io.openclaw.deploy.agent.platform;

import io.openclaw.deploy.agent.config.AgentHome;
import java.io.IOException;

/**
 * Who may change the agent home. On Windows a folder made under {@code C:\} inherits {@code Authenticated Users:
 * Modify}, so any local user could replace the agent jar (run as LocalSystem), a release or {@code agent.yaml}, and
 * read the secrets: the home and {@code conf\} get protected ACLs instead ({@link AgentHomeAcls}). On POSIX the
 * secrets' modes do this job ({@code tls.OwnerOnlyFiles}) and there is nothing more to do.
 */
public interface HomeProtection {
    /** The home itself; called before anything is written into it, so nothing is ever created unprotected. */
    void protectHome(AgentHome home) throws IOException;

    /** {@code conf\} and everything already in it (the secrets); what is created there later inherits from it. */
    void protectConf(AgentHome home) throws IOException;

    /** Where file modes are enough (POSIX). */
    HomeProtection NONE = new HomeProtection() {
        @Override
        public void protectHome(AgentHome home) {}

        @Override
        public void protectConf(AgentHome home) {}
    };
}
