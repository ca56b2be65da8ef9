package io.openclaw.deploy.agent.config;

import io.openclaw.deploy.agent.config.yaml.YamlObject;
import java.time.Duration;

/** {@code releases:} retention of releases and artifacts, upload limits. */
final class ReleasesSection {
    static final String KEY = "releases";

    private ReleasesSection() {}

    static AgentConfig.Releases read(YamlObject releases, AgentConfig.Releases d) {
        int keep = releases.integer("keep", d.keep(), 1, 1000);
        long maxArtifactBytes = releases.longInteger("max_artifact_bytes", d.maxArtifactBytes(), 1024, Long.MAX_VALUE);
        Duration artifactGrace = releases.durationInAnyUnit("artifact_grace", d.artifactGrace());
        releases.rejectUnknown();
        return new AgentConfig.Releases(keep, maxArtifactBytes, artifactGrace);
    }

    static void write(ConfigFile f, AgentConfig.Releases r) {
        f.section(KEY, "Installed releases and uploaded artifacts.")
                .value("keep", r.keep(),
                        "Releases kept under releases/; older ones are deleted, never the active or the previous one.")
                .value("max_artifact_bytes", r.maxArtifactBytes(), "Largest release artifact accepted by an upload.")
                .value(graceKey(r), graceValue(r),
                        "An uploaded artifact no kept release refers to is deleted this long after its upload.")
                .end();
    }

    private static boolean wholeMinutes(AgentConfig.Releases r) {
        return r.artifactGrace().toSecondsPart() == 0 && r.artifactGrace().toNanosPart() == 0;
    }

    private static String graceKey(AgentConfig.Releases r) {
        return wholeMinutes(r) ? "artifact_grace_minutes" : "artifact_grace_seconds";
    }

    private static long graceValue(AgentConfig.Releases r) {
        return wholeMinutes(r) ? r.artifactGrace().toMinutes() : r.artifactGrace().toSeconds();
    }
}
