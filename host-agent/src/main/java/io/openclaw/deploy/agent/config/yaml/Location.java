package io.openclaw.deploy.agent.config.yaml;

/** A position in a YAML file, both 1-based, as an editor shows it. */
public record Location(int line, int column) {
    static final Location START = new Location(1, 1);

    @Override
    public String toString() {
        return "line " + line + ", column " + column;
    }
}
