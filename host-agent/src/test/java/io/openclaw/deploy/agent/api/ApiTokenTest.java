package io.openclaw.deploy.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openclaw.deploy.agent.tls.OwnerOnlyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenTest {
    @Test
    void tokensAre256RandomBitsInBase64Url() {
        String a = ApiToken.generate();
        String b = ApiToken.generate();
        assertThat(a).isNotEqualTo(b).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(a)).hasSize(32);
    }

    @Test
    void matchesOnlyTheExactToken() {
        String token = ApiToken.generate();
        ApiToken check = ApiToken.of(token);
        assertThat(check.matches(token)).isTrue();
        assertThat(check.matches(token + "x")).isFalse();
        assertThat(check.matches(token.substring(1))).isFalse();
        assertThat(check.matches("")).isFalse();
        assertThat(check.matches(null)).isFalse();
        assertThat(check.toString()).doesNotContain(token);
    }

    @Test
    void fileIsOwnerOnlyAndReadsBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("api-token");
        String token = ApiToken.createFile(file);
        assertThat(ApiToken.readFile(file)).isEqualTo(token);
        assertThat(ApiToken.load(file).matches(token)).isTrue();
        assumeTrue(OwnerOnlyFiles.supportsPosix(dir), "POSIX permissions");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
