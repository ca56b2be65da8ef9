package io.openclaw.deploy.agent.platform;

import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Windows rule for a secret file, on its ACL as {@link java.nio.file.attribute.AclFileAttributeView} gives it:
 * only the trusted principals (the file's owner, the account the agent runs as, Administrators, SYSTEM) may have an
 * ALLOW entry granting access to the content or to the ACL itself. Deny entries only take rights away and are ignored.
 *
 * @param trustedNames account names as Windows spells them ({@code DOMAIN\name}), compared without case; a bare
 *                     {@code name} also matches {@code ANYDOMAIN\name}
 */
public record AclPolicy(Set<String> trustedNames) {
    private static final Set<AclEntryPermission> SENSITIVE = EnumSet.of(AclEntryPermission.READ_DATA,
            AclEntryPermission.WRITE_DATA, AclEntryPermission.APPEND_DATA, AclEntryPermission.WRITE_ACL,
            AclEntryPermission.WRITE_OWNER, AclEntryPermission.DELETE);

    public AclPolicy {
        Set<String> normalized = new LinkedHashSet<>();
        trustedNames.forEach(n -> normalized.add(n.toLowerCase(Locale.ROOT)));
        trustedNames = Set.copyOf(normalized);
    }

    /** The principals that may get at {@code file} although they should not, each with how to fix it. */
    public List<String> problems(Path file, UserPrincipal owner, List<AclEntry> acl) {
        Set<String> offenders = new LinkedHashSet<>();
        for (AclEntry entry : acl) {
            if (entry.type() != AclEntryType.ALLOW) {
                continue;
            }
            boolean sensitive = entry.permissions().stream().anyMatch(SENSITIVE::contains);
            if (sensitive && !trusted(entry.principal(), owner)) {
                offenders.add(entry.principal().getName());
            }
        }
        List<String> problems = new ArrayList<>();
        for (String offender : offenders) {
            problems.add(file + " can be read or changed by " + offender + "; fix (elevated prompt): icacls \"" + file
                    + "\" /inheritance:r /remove:g \"" + offender + "\" /grant:r *S-1-5-18:F *S-1-5-32-544:F");
        }
        return problems;
    }

    private boolean trusted(UserPrincipal principal, UserPrincipal owner) {
        String name = principal.getName().toLowerCase(Locale.ROOT);
        if (owner != null && name.equals(owner.getName().toLowerCase(Locale.ROOT))) {
            return true;
        }
        for (String trustedName : trustedNames) {
            if (name.equals(trustedName) || (!trustedName.contains("\\") && name.endsWith("\\" + trustedName))) {
                return true;
            }
        }
        return false;
    }
}
