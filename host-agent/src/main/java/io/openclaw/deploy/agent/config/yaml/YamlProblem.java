package io.openclaw.deploy.agent.config.yaml;

/**
 * A value that cannot be used: {@code path} is the dotted setting ({@code loops[2].replicas}), {@code detail} says
 * what is wrong with it. Callers turn it into their own exception, prefixed with the file name and position.
 */
public final class YamlProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final transient Location location;
    private final String detail;

    public YamlProblem(String path, Location location, String detail) {
        super(path.isEmpty() ? detail : path + " " + detail);
        this.path = path;
        this.location = location;
        this.detail = detail;
    }

    /** The setting, e.g. {@code loops[2].replicas}; empty for the document itself. */
    public String path() {
        return path;
    }

    public Location location() {
        return location;
    }

    public String detail() {
        return detail;
    }

    /** {@code "<file> line L, column C: <path> <detail>"}, the form every configuration error takes. */
    public String describeIn(String fileName) {
        return fileName + " line " + location.line() + ", column " + location.column() + ": " + getMessage();
    }
}
