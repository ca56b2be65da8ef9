package io.openclaw.deploy.agent.platform;

import java.io.IOException;
import java.nio.file.Path;

/** Reads a file's owner and DACL by SID ({@link JnaAclReader} on Windows; built by hand in tests). */
public interface AclReader {
    FileAcl read(Path path) throws IOException;
}
