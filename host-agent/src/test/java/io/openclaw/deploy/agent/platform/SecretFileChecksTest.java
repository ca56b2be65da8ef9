package io.openclaw.deploy.agent.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileChecksTest {
    @TempDir
    Path home;

    Path conf;
    Path token;

    @BeforeEach
    void secretInPrivateDirectory() throws Exception {
        conf = Files.createDirectory(home.resolve("conf"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        token = Files.writeString(conf.resolve("api-token"), "secret\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void ownerOnlyFileInOwnerOnlyDirectoryPasses() throws Exception {
        assertThat(new PosixSecretFileCheck().problems(token)).isEmpty();
        SecretFiles.require(new PosixSecretFileCheck(), List.of(token, conf.resolve("missing")));
    }

    @Test
    void aFileReadableByOthersIsRefusedWithTheFix() throws Exception {
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(new PosixSecretFileCheck().problems(token)).singleElement().asString()
                .contains("rw-r--r--").endsWith("fix: chmod 600 " + token);
        assertThatThrownBy(() -> SecretFiles.require(new PosixSecretFileCheck(), List.of(token)))
                .isInstanceOf(SecretFiles.InsecureSecretsException.class)
                .hasMessageContaining("refusing to start").hasMessageContaining("chmod 600 " + token);
    }

    @Test
    void anOpenDirectoryIsRefusedWithTheFix() throws Exception {
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(new PosixSecretFileCheck().problems(token)).singleElement().asString()
                .endsWith("fix: chmod 700 " + conf);
    }

    @Test
    void aSymbolicLinkIsRefused() throws Exception {
        Path link = Files.createSymbolicLink(conf.resolve("link"), token);

        assertThat(new PosixSecretFileCheck().problems(link)).singleElement().asString().contains("symbolic link");
    }

    // ---- Windows ACL rule, on ACL entries built here (Linux has no AclFileAttributeView) ----

    private static UserPrincipal principal(String name) {
        return () -> name;
    }

    private static AclEntry allow(String name, AclEntryPermission... permissions) {
        return AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(principal(name))
                .setPermissions(permissions).build();
    }

    private final AclPolicy policy = new AclPolicy(Set.of("BUILTIN\\Administrators", "NT AUTHORITY\\SYSTEM",
            "OpenClawAgent"));

    @Test
    void ownerAdministratorsSystemAndTheServiceAccountMayReadTheSecret() {
        List<AclEntry> acl = List.of(
                allow("HOST\\alice", AclEntryPermission.READ_DATA, AclEntryPermission.WRITE_DATA),
                allow("BUILTIN\\Administrators", AclEntryPermission.READ_DATA, AclEntryPermission.WRITE_ACL),
                allow("nt authority\\system", AclEntryPermission.READ_DATA),
                allow("NT SERVICE\\OpenClawAgent", AclEntryPermission.READ_DATA));

        assertThat(policy.problems(Path.of("api-token"), principal("HOST\\alice"), acl)).isEmpty();
    }

    @Test
    void usersOrEveryoneWithReadAccessAreNamedWithAnIcaclsFix() {
        List<AclEntry> acl = List.of(
                allow("BUILTIN\\Administrators", AclEntryPermission.READ_DATA),
                allow("BUILTIN\\Users", AclEntryPermission.READ_DATA, AclEntryPermission.READ_ATTRIBUTES),
                allow("Everyone", AclEntryPermission.WRITE_DATA));

        assertThat(policy.problems(Path.of("api-token"), principal("HOST\\alice"), acl))
                .containsExactly(
                        "api-token can be read or changed by BUILTIN\\Users; fix (elevated prompt): icacls \"api-token\""
                                + " /inheritance:r /remove:g \"BUILTIN\\Users\" /grant:r *S-1-5-18:F *S-1-5-32-544:F",
                        "api-token can be read or changed by Everyone; fix (elevated prompt): icacls \"api-token\""
                                + " /inheritance:r /remove:g \"Everyone\" /grant:r *S-1-5-18:F *S-1-5-32-544:F");
    }

    @Test
    void denyEntriesAndMetadataOnlyRightsAreNoLeak() {
        List<AclEntry> acl = List.of(
                AclEntry.newBuilder().setType(AclEntryType.DENY).setPrincipal(principal("Everyone"))
                        .setPermissions(AclEntryPermission.READ_DATA).build(),
                allow("BUILTIN\\Users", AclEntryPermission.READ_ATTRIBUTES, AclEntryPermission.READ_ACL,
                        AclEntryPermission.SYNCHRONIZE));

        assertThat(policy.problems(Path.of("api-token"), principal("HOST\\alice"), acl)).isEmpty();
    }

    @Test
    void aBareTrustedNameDoesNotMatchADifferentAccountThatEndsTheSame() {
        List<AclEntry> acl = List.of(allow("HOST\\NotOpenClawAgent", AclEntryPermission.READ_DATA));

        assertThat(policy.problems(Path.of("api-token"), principal("HOST\\alice"), acl)).hasSize(1);
    }

    @Test
    void windowsIsRecognisedByItsOsName() {
        assertThat(OperatingSystem.of("Windows 11")).isEqualTo(OperatingSystem.WINDOWS);
        assertThat(OperatingSystem.of("Linux")).isEqualTo(OperatingSystem.POSIX);
        assertThat(Platform.posix().processControl()).isInstanceOf(
                io.openclaw.deploy.agent.supervisor.ProcessHandleControl.class);
    }
}
