package org.jenkinsci.plugins.workflow.graph;

import hudson.model.Actionable;

/** Stand-in of workflow-api's {@code FlowNode}: only the members the plugin uses. */
public abstract class FlowNode extends Actionable {
    public String getId() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
