package io.openclaw.deploy.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Content-addressed blobs, checksummed manifests, validation and retention, on a real directory. */
class SnapshotStoreTest {
    @TempDir
    Path tmp;

    private SnapshotEntry put(SnapshotStore store, String name, String content) throws IOException {
        return store.put(name, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), 0);
    }

    private StateSnapshot saved(SnapshotStore store, String id, SnapshotEntry... entries) throws IOException {
        StateSnapshot s = new StateSnapshot(id, "memory_manager", "dir", "blue", StateSnapshot.PRE_DEPLOYMENT,
                "2026-12-02T14:00:00Z", List.of(entries));
        store.save(s);
        return s;
    }

    @Test
    void blobsAreNamedByTheirSha256AndStoredOnce() throws Exception {
        SnapshotStore store = new SnapshotStore(tmp);
        SnapshotEntry a = put(store, "counter", "41");
        SnapshotEntry b = put(store, "copy/of/counter", "41");

        assertThat(a.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest("41".getBytes(StandardCharsets.UTF_8))));
        assertThat(b.sha256()).isEqualTo(a.sha256());
        assertThat(a.size()).isEqualTo(2);
        assertThat(Files.readString(store.blob(a.sha256()))).isEqualTo("41");
        try (Stream<Path> blobs = Files.walk(tmp.resolve("blobs"))) {
            assertThat(blobs.filter(p -> p.getFileName().toString().length() == 64)).hasSize(1);
        }
    }

    @Test
    void aSavedSnapshotReadsBackAndValidates() throws Exception {
        SnapshotStore store = new SnapshotStore(tmp);
        StateSnapshot s = saved(store, "20261202-140000-000-0001-dir", put(store, "counter", "7"), put(store, "a/b", "x"));

        StateSnapshot read = store.load("memory_manager", s.id());
        store.validate(read);

        assertThat(read).isEqualTo(s);
        assertThat(store.ids("memory_manager")).containsExactly(s.id());
    }

    @Test
    void anEditedManifestFailsItsChecksum() throws Exception {
        SnapshotStore store = new SnapshotStore(tmp);
        StateSnapshot s = saved(store, "20261202-140000-000-0001-dir", put(store, "counter", "7"));
        Path manifest = tmp.resolve("snapshots/memory_manager").resolve(s.id()).resolve(SnapshotStore.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("\"blue\"", "\"green\""));

        assertThatThrownBy(() -> store.load("memory_manager", s.id()))
                .isInstanceOf(StateMigrationException.class)
                .hasMessageContaining("state snapshot " + s.id() + " of loop memory_manager is corrupt: its manifest's"
                        + " SHA-256 is");
    }

    @Test
    void aCorruptOrMissingBlobFailsValidationNamingTheEntry() throws Exception {
        SnapshotStore store = new SnapshotStore(tmp);
        SnapshotEntry counter = put(store, "counter", "7");
        SnapshotEntry other = put(store, "other", "payload");
        StateSnapshot s = saved(store, "20261202-140000-000-0001-dir", counter, other);

        Files.writeString(store.blob(counter.sha256()), "8");
        assertThatThrownBy(() -> store.validate(s))
                .isInstanceOf(StateMigrationException.class)
                .hasMessageContaining("is corrupt: dir entry 'counter' (blob " + counter.sha256().substring(0, 12) + ")")
                .hasMessageContaining("the manifest says 1 bytes");

        Files.writeString(store.blob(counter.sha256()), "7");
        Files.delete(store.blob(other.sha256()));
        assertThatThrownBy(() -> store.validate(s))
                .isInstanceOf(StateMigrationException.class)
                .hasMessageContaining("dir entry 'other'").hasMessageEndingWith("is missing");
    }

    @Test
    void retentionKeepsTheNewestAndDeletesOnlyBlobsNoSnapshotNeeds() throws Exception {
        SnapshotStore store = new SnapshotStore(tmp);
        SnapshotEntry shared = put(store, "config", "same in every snapshot");
        SnapshotEntry v1 = put(store, "counter", "1");
        SnapshotEntry v2 = put(store, "counter", "2");
        SnapshotEntry v3 = put(store, "counter", "3");
        saved(store, "20261202-140001-000-0001-dir", shared, v1);
        saved(store, "20261202-140002-000-0002-dir", shared, v2);
        saved(store, "20261202-140003-000-0003-dir", shared, v3);
        // An unfinished snapshot (no checksum file yet) is neither listed nor counted.
        Files.createDirectories(tmp.resolve("snapshots/memory_manager/20261202-140004-000-0004-dir"));

        List<String> deleted = store.prune("memory_manager", 2);

        assertThat(deleted).containsExactly("20261202-140001-000-0001-dir");
        assertThat(store.ids("memory_manager"))
                .containsExactly("20261202-140002-000-0002-dir", "20261202-140003-000-0003-dir");
        assertThat(store.blob(v1.sha256())).doesNotExist();
        assertThat(store.blob(v2.sha256())).exists();
        assertThat(store.blob(shared.sha256())).exists();
        assertThat(store.latest("memory_manager", snap -> true).orElseThrow().id())
                .isEqualTo("20261202-140003-000-0003-dir");
    }

    @Test
    void theNewestSnapshotIsNeverSilentlyPassedOverForAnOlderOne() throws Exception {
        SnapshotStore store = new SnapshotStore(tmp);
        saved(store, "20261202-140001-000-0001-dir", put(store, "counter", "1"));
        StateSnapshot newest = saved(store, "20261202-140002-000-0002-dir", put(store, "counter", "2"));
        Files.writeString(tmp.resolve("snapshots/memory_manager").resolve(newest.id()).resolve(SnapshotStore.MANIFEST),
                "{}");

        assertThatThrownBy(() -> store.latest("memory_manager", snap -> true))
                .isInstanceOf(StateMigrationException.class)
                .hasMessageContaining("state snapshot " + newest.id() + " of loop memory_manager is corrupt");
    }
}
