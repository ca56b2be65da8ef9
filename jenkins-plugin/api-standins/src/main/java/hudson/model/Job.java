package hudson.model;

/** Stand-in of core {@code hudson.model.Job}: only the members the plugin uses. */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends AbstractItem {
    public RunT getLastBuild() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
