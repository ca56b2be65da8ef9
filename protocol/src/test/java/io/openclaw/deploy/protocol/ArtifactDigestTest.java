package io.openclaw.deploy.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactDigestTest {
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void digestsStreamsAndFilesAlike(@TempDir Path dir) throws Exception {
        assertThat(ArtifactDigest.sha256(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)))).isEqualTo(ABC);
        Path file = Files.writeString(dir.resolve("a.zip"), "abc");
        assertThat(ArtifactDigest.sha256(file)).isEqualTo(ABC);
    }

    @Test
    void canonicalFormIs64LowerCaseHexDigits() {
        assertThat(ArtifactDigest.isCanonical(ABC)).isTrue();
        assertThat(ArtifactDigest.isCanonical(ABC.toUpperCase(Locale.ROOT))).isFalse();
        assertThat(ArtifactDigest.isCanonical(ABC.substring(1))).isFalse();
        assertThat(ArtifactDigest.isCanonical("../" + ABC.substring(3))).isFalse();
        assertThat(ArtifactDigest.isCanonical(null)).isFalse();
    }
}
