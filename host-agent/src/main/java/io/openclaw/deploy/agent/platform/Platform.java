package io.openclaw.deploy.agent.platform;

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
        };
    }
}
