package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.remoting.SerializableOnlyOverRemoting;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import org.jenkinsci.remoting.RoleSensitive;

/** Stand-in of core {@code hudson.FilePath}: only the members the plugin uses. */
public final class FilePath implements SerializableOnlyOverRemoting {
    private static final long serialVersionUID = 1L;

    public String getRemote() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public @NonNull FilePath child(String relOrAbsolute) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public boolean exists() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public boolean isDirectory() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public InputStream read() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public <T> T act(final FileCallable<T> callable) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }
}
