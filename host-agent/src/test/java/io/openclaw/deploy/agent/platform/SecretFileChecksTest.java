package io.openclaw.deploy.agent.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.agent.tls.OwnerOnlyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class SecretFileChecksTest {
    @TempDir
    Path home;

    Path conf;
    Path token;

    @BeforeEach
    void secretInPrivateDirectory() throws Exception {
        if (!OwnerOnlyFiles.supportsPosix(home)) {
            return; // Windows: only the OS-name test runs there, and it needs no secret
        }
        conf = Files.createDirectory(home.resolve("conf"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        token = Files.writeString(conf.resolve("api-token"), "secret\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX permissions; the Windows rule is WindowsAclTest")
    void ownerOnlyFileInOwnerOnlyDirectoryPasses() throws Exception {
        assertThat(new PosixSecretFileCheck().problems(token)).isEmpty();
        SecretFiles.require(new PosixSecretFileCheck(), List.of(token, conf.resolve("missing")));
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX permissions; the Windows rule is WindowsAclTest")
    void aFileReadableByOthersIsRefusedWithTheFix() throws Exception {
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(new PosixSecretFileCheck().problems(token)).singleElement().asString()
                .contains("rw-r--r--").endsWith("fix: chmod 600 " + token);
        assertThatThrownBy(() -> SecretFiles.require(new PosixSecretFileCheck(), List.of(token)))
                .isInstanceOf(SecretFiles.InsecureSecretsException.class)
                .hasMessageContaining("refusing to start").hasMessageContaining("chmod 600 " + token);
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX permissions; the Windows rule is WindowsAclTest")
    void anOpenDirectoryIsRefusedWithTheFix() throws Exception {
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(new PosixSecretFileCheck().problems(token)).singleElement().asString()
                .endsWith("fix: chmod 700 " + conf);
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS,
            disabledReason = "POSIX permissions, and creating a symbolic link needs a privilege on Windows")
    void aSymbolicLinkIsRefused() throws Exception {
        Path link = Files.createSymbolicLink(conf.resolve("link"), token);

        assertThat(new PosixSecretFileCheck().problems(link)).singleElement().asString().contains("symbolic link");
    }

    @Test
    void windowsIsRecognisedByItsOsName() {
        assertThat(OperatingSystem.of("Windows 11")).isEqualTo(OperatingSystem.WINDOWS);
        assertThat(OperatingSystem.of("Linux")).isEqualTo(OperatingSystem.POSIX);
        assertThat(Platform.posix().processControl()).isInstanceOf(
                io.openclaw.deploy.agent.supervisor.ProcessHandleControl.class);
    }
}
