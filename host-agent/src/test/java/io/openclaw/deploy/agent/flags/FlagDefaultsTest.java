package io.openclaw.deploy.agent.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A release's {@code flags.yaml}: read when well-formed, refused (naming the key) when it holds anything else. */
class FlagDefaultsTest {
    @TempDir
    Path release;

    @Test
    void readsTheFlagsOfARelease() throws Exception {
        Files.writeString(release.resolve(FlagDefaults.RELEASE_FILE), """
                feature_flags:
                  - name: new_voice_model
                    enabled: true
                    rollout_percentage: 25
                """);

        assertThat(FlagDefaults.ofRelease(release)).extracting(Flag::name).containsExactly("new_voice_model");
    }

    @Test
    void aReleaseWithoutFlagsHasNone() throws Exception {
        assertThat(FlagDefaults.ofRelease(release)).isEmpty();
    }

    @Test
    void aMisspeltKeyIsRefusedNotIgnored() throws Exception {
        Files.writeString(release.resolve(FlagDefaults.RELEASE_FILE), """
                feature_flag:
                  - name: new_voice_model
                    enabled: true
                """);

        assertThatThrownBy(() -> FlagDefaults.ofRelease(release))
                .isInstanceOf(InvalidFlagException.class)
                .hasMessageContaining("flags.yaml: feature_flag")
                .hasMessageContaining("unknown key");
    }

    @Test
    void aListAtTheTopIsRefused() throws Exception {
        Files.writeString(release.resolve(FlagDefaults.RELEASE_FILE), "- name: x\n");

        assertThatThrownBy(() -> FlagDefaults.ofRelease(release))
                .isInstanceOf(InvalidFlagException.class)
                .hasMessageContaining("must be a mapping");
    }
}
