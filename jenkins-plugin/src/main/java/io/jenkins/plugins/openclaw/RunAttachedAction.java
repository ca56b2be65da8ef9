package io.jenkins.plugins.openclaw;

import hudson.model.Run;
import jenkins.model.RunAction2;

/**
 * A build action that knows its build: Jenkins hands the build over when the action is attached and again when the
 * build is loaded from disk, so the reference is transient and never written to {@code build.xml}. Public so that
 * the views reach {@code it.run} by reflection.
 */
public abstract class RunAttachedAction implements RunAction2 {
    private transient Run<?, ?> run;

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }
}
