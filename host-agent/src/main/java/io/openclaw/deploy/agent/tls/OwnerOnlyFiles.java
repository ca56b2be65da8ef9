package io.openclaw.deploy.agent.tls;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories only their owner may read: the API token, the TLS key store and its password. The permission
 * is set when the file is created, so a secret is never readable by others, not even for an instant. On file systems
 * without POSIX permissions (Windows) the files are created with the default ACL; restricting ACLs is a later issue.
 */
public final class OwnerOnlyFiles {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyFiles() {}

    /** Whether the file system holding {@code path} understands POSIX permissions. */
    public static boolean supportsPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Creates the directory (and missing parents) readable by the owner only; tightens an existing one. */
    public static void createDirectory(Path dir) throws IOException {
        if (supportsPosix(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            Files.setPosixFilePermissions(dir, DIRECTORY);
        } else {
            Files.createDirectories(dir);
        }
    }

    /**
     * Writes {@code content} to {@code file}, replacing it atomically: the bytes go to an owner-only temporary file in
     * the same directory which is then renamed, so readers see the old or the new secret, never a part.
     */
    public static void write(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = createTemp(dir, file.getFileName().toString());
        try {
            Files.write(temp, content);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        FileAttribute<?>[] attributes = supportsPosix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + name + ".tmp" + attempt);
            try {
                return Files.createFile(temp, attributes);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** Whether only the owner may read or write {@code path}; true where POSIX permissions do not exist. */
    public static boolean isOwnerOnly(Path path) throws IOException {
        if (!supportsPosix(path)) {
            return true;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        return permissions.stream().allMatch(p -> p.name().startsWith("OWNER_"));
    }
}
