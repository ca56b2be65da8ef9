package io.openclaw.deploy.agent.config;

import io.openclaw.deploy.agent.config.yaml.YamlObject;

/** {@code releases:} retention and upload limits. */
final class ReleasesSection {
    static final String KEY = "releases";

    private ReleasesSection() {}

    static AgentConfig.Releases read(YamlObject releases, AgentConfig.Releases d) {
        int keep = releases.integer("keep", d.keep(), 1, 1000);
        long maxArtifactBytes = releases.longInteger("max_artifact_bytes", d.maxArtifactBytes(), 1024, Long.MAX_VALUE);
        releases.rejectUnknown();
        return new AgentConfig.Releases(keep, maxArtifactBytes);
    }

    static void write(ConfigFile f, AgentConfig.Releases r) {
        f.section(KEY, "Installed releases and uploaded artifacts.")
                .value("keep", r.keep(),
                        "Releases kept under releases/; older ones are deleted, never the active or the previous one.")
                .value("max_artifact_bytes", r.maxArtifactBytes(), "Largest release artifact accepted by an upload.")
                .end();
    }
}
