package io.jenkins.plugins.openclaw;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.XmlFile;
import hudson.security.Permission;
import hudson.util.XStream2;
import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Manage Jenkins &gt; System &gt; OpenClaw Deploy: the agents steps may deploy to. Configuration-as-Code reads and
 * writes it as {@code unclassified: openclaw: agents: [...]} through the {@link DataBoundSetter}.
 */
@Extension
@Symbol("openclaw")
public class OpenClawGlobalConfiguration extends GlobalConfiguration {
    /** Initialised with this extension at startup, so authorization strategies list the permission from the start. */
    static final Permission ROLLBACK_PERMISSION = OpenClawPermissions.ROLLBACK;

    /**
     * Reads and writes this configuration's file. Files saved before {@link ConfiguredAgent} had its name list the
     * agents as {@code io.jenkins.plugins.openclaw.AgentConfig} (renamed so as not to be confused with the agent's own
     * configuration class); the alias reads them as today's class.
     */
    private static final XStream2 XSTREAM = new XStream2();

    static {
        XSTREAM.addCompatibilityAlias("io.jenkins.plugins.openclaw.AgentConfig", ConfiguredAgent.class);
    }

    private List<ConfiguredAgent> agents = new ArrayList<>();

    public OpenClawGlobalConfiguration() {
        load();
    }

    @Override
    protected XmlFile getConfigFile() {
        return new XmlFile(XSTREAM, new File(Jenkins.get().getRootDir(), getId() + ".xml"));
    }

    public static OpenClawGlobalConfiguration get() {
        return ExtensionList.lookupSingleton(OpenClawGlobalConfiguration.class);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return Messages.OpenClawGlobalConfiguration_DisplayName();
    }

    public List<ConfiguredAgent> getAgents() {
        return List.copyOf(agents);
    }

    /**
     * Replaces the agent list. A list with an invalid or duplicate entry is refused as a whole and changes nothing.
     *
     * @throws IllegalArgumentException naming the bad entries
     */
    @DataBoundSetter
    public void setAgents(List<ConfiguredAgent> agents) {
        List<ConfiguredAgent> list = agents == null ? List.of() : List.copyOf(agents);
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfiguredAgent agent : list) {
            for (String p : agent.problems()) {
                problems.add("agent '" + agent.getName() + "' " + p);
            }
            if (agent.getName() != null && !names.add(agent.getName())) {
                problems.add("agent name '" + agent.getName() + "' is used twice");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        this.agents = new ArrayList<>(list);
        save();
    }

    /**
     * Binds the form by hand: when every agent was deleted the form has no "agents" key, and the default binding
     * would then keep the old list. A bad list is reported on the form and changes nothing.
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        List<ConfiguredAgent> submitted =
                json.has("agents") ? req.bindJSONToList(ConfiguredAgent.class, json.get("agents")) : List.of();
        try {
            setAgents(submitted);
        } catch (IllegalArgumentException e) {
            throw new FormException(e.getMessage(), "agents");
        }
        return true;
    }

    @CheckForNull
    public ConfiguredAgent agent(String name) {
        for (ConfiguredAgent a : agents) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }
}
