package io.openclaw.deploy.agent.platform;

import com.sun.jna.platform.win32.Advapi32Util;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SecretFileCheck} on Windows: {@link AclPolicy} on the secret file and on the directory holding it (whoever
 * can add or delete entries in {@code conf\} can replace a secret, and whatever the agent creates there inherits the
 * directory's ACL), as the POSIX check looks at the file's mode and its directory's.
 */
public final class AclSecretFileCheck implements SecretFileCheck {
    private final AclReader reader;
    private final AclPolicy policy;

    public AclSecretFileCheck(AclReader reader, AclPolicy policy) {
        this.reader = reader;
        this.policy = policy;
    }

    /** Trusts SYSTEM, Administrators and the account this process runs as, by SID. Windows only (JNA advapi32). */
    public static AclSecretFileCheck forCurrentProcess() {
        return new AclSecretFileCheck(new JnaAclReader(), new AclPolicy(AccountSids.current(), AclSecretFileCheck::nameOf));
    }

    private static String nameOf(String sid) {
        try {
            return Advapi32Util.getAccountBySid(sid).fqn;
        } catch (RuntimeException e) {
            return sid; // a deleted account, or a SID of another domain: the SID is all there is
        }
    }

    @Override
    public List<String> problems(Path file) throws IOException {
        List<String> problems = new ArrayList<>(policy.problems(file, false, reader.read(file)));
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && Files.isDirectory(dir)) {
            problems.addAll(policy.problems(dir, true, reader.read(dir)));
        }
        return problems;
    }
}
