package jenkins.model;

import jenkins.util.VirtualFile;

/** Stand-in of core {@code jenkins.model.ArtifactManager} (core/src/main/java/jenkins/model/ArtifactManager.java). */
public abstract class ArtifactManager {
    /** ArtifactManager.java: {@code public abstract VirtualFile root();} */
    public abstract VirtualFile root();
}
