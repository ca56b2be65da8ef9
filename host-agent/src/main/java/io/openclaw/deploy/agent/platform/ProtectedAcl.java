package io.openclaw.deploy.agent.platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DACL that inherits nothing from its parent (SE_DACL_PROTECTED) and grants only what it lists; on a directory each
 * grant is inherited by everything below (object and container inherit). This is what keeps the home out of reach of
 * the {@code Authenticated Users: Modify} a folder made under {@code C:\} inherits.
 */
public record ProtectedAcl(List<Grant> grants) {
    /** One ALLOW entry. */
    public record Grant(String sid, FileRights rights) {}

    public ProtectedAcl {
        grants = List.copyOf(grants);
    }

    /**
     * SYSTEM and Administrators full control, {@code accountSid} (the account the agent runs as) modify: it writes
     * releases, logs and its own flags token, but cannot change the ACL. No entry is repeated, so for LocalSystem
     * this is just the first two.
     */
    public static ProtectedAcl forAgent(String accountSid) {
        Map<String, FileRights> bySid = new LinkedHashMap<>();
        bySid.put(WindowsSids.LOCAL_SYSTEM, FileRights.FULL);
        bySid.put(WindowsSids.ADMINISTRATORS, FileRights.FULL);
        bySid.putIfAbsent(accountSid, FileRights.MODIFY);
        List<Grant> grants = new ArrayList<>();
        bySid.forEach((sid, rights) -> grants.add(new Grant(sid, rights)));
        return new ProtectedAcl(grants);
    }

    /**
     * The same as an icacls command, for an administrator to run by hand: every argument is in double quotes, because
     * PowerShell would read {@code (OI)} in a bare word as a sub-expression.
     */
    public String icacls(Path target, boolean directory, List<String> removeSids) {
        StringBuilder command = new StringBuilder("icacls \"" + target + "\" /inheritance:r");
        for (String sid : removeSids) {
            command.append(" /remove:g \"*").append(sid).append('"');
        }
        command.append(" /grant:r");
        for (Grant grant : grants) {
            command.append(" \"*").append(grant.sid()).append(':').append(directory ? "(OI)(CI)" : "")
                    .append(grant.rights().icacls()).append('"');
        }
        return command.toString();
    }
}
