package io.jenkins.plugins.openclaw.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArchivedArtifactPathsTest {
    @Test
    void acceptsArchivedPathsAsArchiveArtifactsStoresThem() {
        assertThat(ArchivedArtifactPaths.check("dist/openclaw-1.4.2.zip")).isEqualTo("dist/openclaw-1.4.2.zip");
        assertThat(ArchivedArtifactPaths.check(" ./dist\\openclaw.zip ")).isEqualTo("dist/openclaw.zip");
        assertThat(ArchivedArtifactPaths.check("openclaw.zip")).isEqualTo("openclaw.zip");
    }

    @Test
    void refusesPathsThatLeaveTheArchiveOrAreNotRelative() {
        assertThatThrownBy(() -> ArchivedArtifactPaths.check("../other-job/archive/x.zip"))
                .hasMessageContaining("'..'");
        assertThatThrownBy(() -> ArchivedArtifactPaths.check("dist/../../x.zip")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> ArchivedArtifactPaths.check("/var/jenkins/x.zip")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> ArchivedArtifactPaths.check("C:\\builds\\x.zip")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> ArchivedArtifactPaths.check("dist//x.zip")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ArchivedArtifactPaths.check("  ")).hasMessageContaining("required");
    }
}
