package io.openclaw.deploy.agent.release;

import java.util.List;
import java.util.Optional;

/** The validated content of a release's {@code openclaw.yaml}. */
public record ReleaseManifest(String version, List<LoopSpec> loops) {
    public ReleaseManifest {
        loops = List.copyOf(loops);
    }

    public Optional<LoopSpec> loop(String name) {
        return loops.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    public List<String> loopNames() {
        return loops.stream().map(LoopSpec::name).toList();
    }

    /** The same release under another version (a deploy request may override the manifest's version). */
    public ReleaseManifest withVersion(String newVersion) {
        return new ReleaseManifest(newVersion, loops);
    }
}
