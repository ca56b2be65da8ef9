package io.openclaw.deploy.agent.platform;

import com.sun.jna.platform.win32.Advapi32Util;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclFileAttributeView;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link SecretFileCheck} through {@link AclFileAttributeView} and {@link AclPolicy}. The names of Administrators
 * (S-1-5-32-544) and SYSTEM (S-1-5-18) are looked up from their SIDs, because Windows localizes them ("Administratoren").
 */
public final class AclSecretFileCheck implements SecretFileCheck {
    static final String ADMINISTRATORS_SID = "S-1-5-32-544";
    static final String LOCAL_SYSTEM_SID = "S-1-5-18";

    private final AclPolicy policy;

    public AclSecretFileCheck(AclPolicy policy) {
        this.policy = policy;
    }

    /** Trusts Administrators, SYSTEM and the account this process runs as. Windows only (JNA advapi32). */
    public static AclSecretFileCheck forCurrentProcess() {
        Set<String> trusted = new LinkedHashSet<>();
        trusted.add(Advapi32Util.getAccountBySid(ADMINISTRATORS_SID).fqn);
        trusted.add(Advapi32Util.getAccountBySid(LOCAL_SYSTEM_SID).fqn);
        trusted.add(Advapi32Util.getUserName());
        return new AclSecretFileCheck(new AclPolicy(trusted));
    }

    @Override
    public List<String> problems(Path file) throws IOException {
        AclFileAttributeView view = Files.getFileAttributeView(file, AclFileAttributeView.class);
        if (view == null) {
            throw new IOException("the file system of " + file + " has no ACLs; keep the agent home on NTFS");
        }
        return policy.problems(file, view.getOwner(), view.getAcl());
    }
}
