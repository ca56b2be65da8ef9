package io.openclaw.deploy.agent.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * POSIX rule: a secret file is 600 (or stricter) and its directory grants nothing to group or others (700), as
 * {@code init} creates them. Symbolic links are refused, so the check is about the file actually read.
 */
public final class PosixSecretFileCheck implements SecretFileCheck {
    @Override
    public List<String> problems(Path file) throws IOException {
        List<String> problems = new ArrayList<>();
        if (Files.isSymbolicLink(file)) {
            problems.add(file + " is a symbolic link; replace it with the file itself");
            return problems;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        if (!ownerOnly(perms)) {
            problems.add(file + " is " + PosixFilePermissions.toString(perms) + ", readable by others; fix: chmod 600 "
                    + file);
        }
        Path dir = file.toAbsolutePath().getParent();
        Set<PosixFilePermission> dirPerms = Files.getPosixFilePermissions(dir);
        if (!ownerOnly(dirPerms)) {
            problems.add(dir + " is " + PosixFilePermissions.toString(dirPerms) + ", open to others; fix: chmod 700 "
                    + dir);
        }
        return problems;
    }

    private static boolean ownerOnly(Set<PosixFilePermission> perms) {
        return perms.stream().allMatch(p -> p.name().startsWith("OWNER_"));
    }
}
