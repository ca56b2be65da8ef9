package io.openclaw.deploy.agent.platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Windows rule for a secret file and the directory holding it, on their ACLs by SID ({@link FileAcl}): only the
 * trusted principals (SYSTEM, Administrators, the account the agent runs as, the object's owner) may have an ALLOW
 * entry granting access to the content, to the ACL or to delete it; on a directory also to add or delete entries.
 * Deny entries only take rights away and are ignored; inherit-only entries count, because they are what the agent's
 * own files (the flags token) would inherit.
 *
 * <p>Each problem names the principal and gives an icacls command that sets the ACL {@code service install} sets
 * ({@link ProtectedAcl#forAgent}): it keeps the agent's own account, which the earlier fix removed.
 */
public final class AclPolicy {
    private static final int READ_DATA = 0x1;
    private static final int WRITE_DATA = 0x2;
    private static final int APPEND_DATA = 0x4;
    private static final int DELETE_CHILD = 0x40;
    private static final int DELETE = 0x10000;
    private static final int WRITE_DAC = 0x40000;
    private static final int WRITE_OWNER = 0x80000;
    private static final int GENERIC_ALL = 0x10000000;
    private static final int GENERIC_WRITE = 0x40000000;
    private static final int GENERIC_READ = 0x80000000;
    private static final int SENSITIVE = READ_DATA | WRITE_DATA | APPEND_DATA | DELETE | WRITE_DAC | WRITE_OWNER
            | GENERIC_ALL | GENERIC_WRITE | GENERIC_READ;

    private final String agentSid;
    private final Set<String> trustedSids;
    private final Function<String, String> names;

    /**
     * @param agentSid the account the agent runs as
     * @param names    SID to a readable account name, for the messages (the SID itself if unknown)
     */
    public AclPolicy(String agentSid, Function<String, String> names) {
        this.agentSid = Objects.requireNonNull(agentSid, "agentSid");
        this.trustedSids = Stream.of(WindowsSids.LOCAL_SYSTEM, WindowsSids.ADMINISTRATORS, agentSid,
                WindowsSids.CREATOR_OWNER, WindowsSids.OWNER_RIGHTS).collect(Collectors.toUnmodifiableSet());
        this.names = names;
    }

    /** The principals that may get at {@code path} although they should not, each with how to fix it. */
    public List<String> problems(Path path, boolean directory, FileAcl acl) {
        int sensitive = directory ? SENSITIVE | DELETE_CHILD : SENSITIVE;
        Set<String> offenders = new LinkedHashSet<>();
        for (FileAcl.Entry entry : acl.entries()) {
            boolean trusted = trustedSids.contains(entry.sid()) || entry.sid().equals(acl.ownerSid());
            if (entry.allow() && (entry.mask() & sensitive) != 0 && !trusted) {
                offenders.add(entry.sid());
            }
        }
        if (offenders.isEmpty()) {
            return List.of();
        }
        List<String> who = new ArrayList<>();
        offenders.forEach(sid -> who.add(name(sid)));
        return List.of(path + " can be read or changed by " + String.join(", ", who) + "; fix (elevated prompt): "
                + ProtectedAcl.forAgent(agentSid).icacls(path, directory, List.copyOf(offenders)));
    }

    private String name(String sid) {
        String name = names.apply(sid);
        return name == null || name.equals(sid) ? sid : name + " (" + sid + ")";
    }
}
