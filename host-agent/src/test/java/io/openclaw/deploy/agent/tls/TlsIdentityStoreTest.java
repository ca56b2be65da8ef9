package io.openclaw.deploy.agent.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.protocol.Fingerprints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsIdentityStoreTest {
    @Test
    void storesAndLoadsTheSameIdentity(@TempDir Path dir) throws Exception {
        AgentHome home = new AgentHome(dir);
        TlsIdentity created = TlsIdentityStore.create(home, Set.of("localhost", "127.0.0.1", "::1", "agent-host"));
        TlsIdentity loaded = TlsIdentityStore.load(home);

        assertThat(loaded.fingerprint()).isEqualTo(created.fingerprint());
        assertThat(loaded.privateKey().getEncoded()).isEqualTo(created.privateKey().getEncoded());
        X509Certificate pem = TlsIdentityStore.readCertificate(home.certificatePem());
        assertThat(Fingerprints.sha256(pem)).isEqualTo(created.fingerprint());
        assertThat(Files.readString(home.certificatePem())).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void certificateIsAServerCertificateForLoopbackAndTheHostValidForTenYears() throws Exception {
        Instant now = Instant.now();
        X509Certificate cert = SelfSignedCertificates.generate(Set.of("localhost", "127.0.0.1", "::1", "agent-host"), now)
                .certificate();
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getSubjectAlternativeNames())
                .extracting(n -> n.get(1).toString())
                .contains("localhost", "127.0.0.1", "agent-host")
                .anyMatch(a -> a.startsWith("0:0:0:0:0:0:0:1") || a.equals("::1"));
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(Duration.between(now, cert.getNotAfter().toInstant())).isGreaterThan(Duration.ofDays(3650));
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void secretsAreOwnerOnly(@TempDir Path dir) throws Exception {
        assumeTrue(OwnerOnlyFiles.supportsPosix(dir), "POSIX permissions (Windows ACLs come later)");
        AgentHome home = new AgentHome(dir);
        TlsIdentityStore.create(home, Set.of("localhost"));
        for (Path secret : List.of(home.keyStore(), TlsIdentityStore.passwordFile(home))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.tlsDir()))).isEqualTo("rwx------");
        try (var files = Files.list(home.tlsDir())) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContainAnyElementsOf(List.of(".agent.p12.tmp0"));
        }
    }

    @Test
    void loadingAMissingStoreSaysToRunInit(@TempDir Path dir) {
        assertThatThrownBy(() -> TlsIdentityStore.load(new AgentHome(dir)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("openclaw-agent init");
    }
}
