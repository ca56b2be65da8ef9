package io.openclaw.deploy.agent.cli;

import picocli.CommandLine.IVersionProvider;

/** Version from the jar manifest ({@code Implementation-Version}), "dev" when run from classes. */
public final class AgentVersion implements IVersionProvider {
    public static String current() {
        String v = AgentVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"openclaw-agent " + current()};
    }
}
