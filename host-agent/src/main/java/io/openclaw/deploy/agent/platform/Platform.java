package io.openclaw.deploy.agent.platform;

import io.openclaw.deploy.agent.supervisor.NormalPriority;
import io.openclaw.deploy.agent.supervisor.ProcessControl;
import io.openclaw.deploy.agent.supervisor.ProcessHandleControl;
import io.openclaw.deploy.agent.supervisor.windows.WindowsProcessControl;

/**
 * The operating-system specific parts of the agent, chosen once at start-up. Everything Windows-only sits behind these
 * interfaces, so the agent and its tests run unchanged on Linux and the Windows code is still compiled in every build.
 */
public interface Platform {
    OperatingSystem os();

    /** How loop processes are grouped, asked to exit and killed. */
    ProcessControl processControl();

    /** Who may read the agent's secret files. */
    SecretFileCheck secretFileCheck();

    /**
     * Who may change the agent home that this process creates ({@code init}): protected ACLs for this process's
     * account on Windows, nothing on POSIX.
     */
    HomeProtection homeProtection();

    /**
     * Puts the agent's CPU priority above its children's, so that a restart on a host saturated by its own loops and
     * router is not starved (the start is class loading and JIT: all CPU). Windows: this process goes to
     * {@code ABOVE_NORMAL_PRIORITY_CLASS} and the children it creates are {@code NORMAL} by default. POSIX: the service
     * manager does it before the JVM starts ({@code Nice=-10} in the systemd unit, which every thread inherits; a
     * running JVM could only renice its threads one by one) and {@code NormalPriority} lowers the children back.
     *
     * @return what happened, for the agent's log
     */
    String raisePriorityAboveChildren();

    static Platform current() {
        return OperatingSystem.current() == OperatingSystem.WINDOWS ? windows() : posix();
    }

    static Platform posix() {
        return new Platform() {
            @Override
            public OperatingSystem os() {
                return OperatingSystem.POSIX;
            }

            @Override
            public ProcessControl processControl() {
                return new ProcessHandleControl();
            }

            @Override
            public SecretFileCheck secretFileCheck() {
                return new PosixSecretFileCheck();
            }

            @Override
            public HomeProtection homeProtection() {
                return HomeProtection.NONE;
            }

            @Override
            public String raisePriorityAboveChildren() {
                return "CPU priority: " + NormalPriority.ofThisProcess().describe();
            }
        };
    }

    static Platform windows() {
        return new Platform() {
            @Override
            public OperatingSystem os() {
                return OperatingSystem.WINDOWS;
            }

            @Override
            public ProcessControl processControl() {
                return WindowsProcessControl.create();
            }

            @Override
            public SecretFileCheck secretFileCheck() {
                return AclSecretFileCheck.forCurrentProcess();
            }

            @Override
            public HomeProtection homeProtection() {
                return new AgentHomeAcls(new JnaAclWriter(), AccountSids.current());
            }

            @Override
            public String raisePriorityAboveChildren() {
                return WindowsPriority.raiseThisProcess();
            }
        };
    }
}
