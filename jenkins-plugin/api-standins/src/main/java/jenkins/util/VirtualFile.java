package jenkins.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;

/**
 * Stand-in of core {@code jenkins.util.VirtualFile} (core/src/main/java/jenkins/util/VirtualFile.java): only the
 * members the plugin uses. The real class also implements {@code Comparable<VirtualFile>}.
 */
public abstract class VirtualFile implements Serializable {
    private static final long serialVersionUID = 1L;

    /** VirtualFile.java: {@code public abstract @NonNull URI toURI();} */
    public abstract @NonNull URI toURI();

    /** VirtualFile.java: {@code public abstract boolean isFile() throws IOException;} */
    public abstract boolean isFile() throws IOException;

    /** VirtualFile.java: {@code public abstract @NonNull VirtualFile child(@NonNull String name);} */
    public abstract @NonNull VirtualFile child(@NonNull String name);

    /** VirtualFile.java: {@code public abstract InputStream open() throws IOException;} */
    public abstract InputStream open() throws IOException;
}
