package io.openclaw.deploy.agent.platform;

import io.openclaw.deploy.agent.config.AgentHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link HomeProtection} by protected ACLs ({@link ProtectedAcl#forAgent}): SYSTEM and Administrators full control,
 * the agent's account modify, nothing inherited from above. {@code conf\} gets its own protected ACL, so that an
 * administrator who later opens the home to others does not open the secrets with it; and each file already in it is
 * set explicitly, so that a secret made before (inheriting from {@code C:\}) is fixed too.
 */
public final class AgentHomeAcls implements HomeProtection {
    private final AclWriter writer;
    private final ProtectedAcl acl;

    /** @param accountSid the SID of the account the agent runs (or will run) as */
    public AgentHomeAcls(AclWriter writer, String accountSid) {
        this.writer = writer;
        this.acl = ProtectedAcl.forAgent(accountSid);
    }

    public ProtectedAcl acl() {
        return acl;
    }

    @Override
    public void protectHome(AgentHome home) throws IOException {
        Files.createDirectories(home.root());
        writer.apply(home.root(), acl);
    }

    @Override
    public void protectConf(AgentHome home) throws IOException {
        if (!Files.isDirectory(home.conf())) {
            return;
        }
        List<Path> below;
        try (Stream<Path> walk = Files.walk(home.conf())) {
            below = walk.toList(); // conf itself first, then top-down
        }
        for (Path path : below) {
            writer.apply(path, acl);
        }
    }
}
