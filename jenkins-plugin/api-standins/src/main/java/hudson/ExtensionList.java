package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.AbstractList;

/** Stand-in of core {@code hudson.ExtensionList}: only the members the plugin uses. */
public class ExtensionList<T> extends AbstractList<T> {
    public static @NonNull <U> U lookupSingleton(Class<U> type) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @Override
    public T get(int index) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @Override
    public int size() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
