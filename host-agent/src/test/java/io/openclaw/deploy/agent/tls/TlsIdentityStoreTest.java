package io.openclaw.deploy.agent.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.protocol.Fingerprints;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
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

    /** Reading it is part of every agent start: one round of key derivation, not the JDK's 10,000 (see encode). */
    @Test
    void theKeyStoreIsWrittenWithOneRoundOfKeyDerivationAndTheCertificateInTheClear(@TempDir Path dir)
            throws Exception {
        AgentHome home = new AgentHome(dir);
        TlsIdentityStore.create(home, Set.of("localhost"));
        byte[] bytes = Files.readAllBytes(home.keyStore());

        assertThat(Pfx.getInstance(bytes).getMacData().getIterationCount()).isOne();
        List<Integer> keyRounds = new ArrayList<>();
        int certificates = 0;
        for (ContentInfo content : new PKCS12PfxPdu(bytes).getContentInfos()) {
            assertThat(content.getContentType()).as("no encrypted content").isEqualTo(PKCSObjectIdentifiers.data);
            for (PKCS12SafeBag bag : new PKCS12SafeBagFactory(content).getSafeBags()) {
                if (bag.getBagValue() instanceof PKCS8EncryptedPrivateKeyInfo key) {
                    PBES2Parameters pbes2 = PBES2Parameters.getInstance(key.getEncryptionAlgorithm().getParameters());
                    keyRounds.add(PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters())
                            .getIterationCount().intValueExact());
                } else if (bag.getBagValue() instanceof X509CertificateHolder) {
                    certificates++;
                }
            }
        }
        assertThat(keyRounds).containsExactly(1);
        assertThat(certificates).isOne();
        assertThat(System.getProperties().stringPropertyNames()).noneMatch(name -> name.startsWith("keystore.pkcs12"));
    }

    /** Homes initialised before the store was written with one round keep working. */
    @Test
    void aKeyStoreWrittenWithTheJdksDefaultProtectionStillLoads(@TempDir Path dir) throws Exception {
        AgentHome home = new AgentHome(dir);
        TlsIdentity created = TlsIdentityStore.create(home, Set.of("localhost"));
        char[] password = Files.readString(TlsIdentityStore.passwordFile(home)).trim().toCharArray();
        KeyStore defaults = KeyStore.getInstance("PKCS12");
        defaults.load(null, null);
        defaults.setKeyEntry(TlsIdentityStore.ALIAS, created.privateKey(), password,
                new Certificate[] {created.certificate()});
        try (OutputStream out = Files.newOutputStream(home.keyStore())) {
            defaults.store(out, password);
        }

        assertThat(TlsIdentityStore.load(home).fingerprint()).isEqualTo(created.fingerprint());
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
