package io.openclaw.deploy.agent.platform;

import java.io.IOException;
import java.nio.file.Path;

/** Replaces the DACL of a file or directory ({@link JnaAclWriter} on Windows; a recorder in tests). */
public interface AclWriter {
    void apply(Path path, ProtectedAcl acl) throws IOException;
}
