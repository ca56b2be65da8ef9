package io.openclaw.deploy.agent.platform;

import com.sun.jna.platform.win32.Kernel32;

/**
 * The agent's process at {@code ABOVE_NORMAL_PRIORITY_CLASS}. Its children need nothing: CreateProcess gives a child
 * {@code NORMAL_PRIORITY_CLASS} when no class is asked for, unless the parent is {@code IDLE} or {@code BELOW_NORMAL},
 * and neither the JDK's process launch nor the loops' Job Object (no {@code JOB_OBJECT_LIMIT_PRIORITY_CLASS}) asks.
 */
final class WindowsPriority {
    private WindowsPriority() {}

    static String raiseThisProcess() {
        Kernel32 kernel = Kernel32.INSTANCE;
        if (kernel.SetPriorityClass(kernel.GetCurrentProcess(), Kernel32.ABOVE_NORMAL_PRIORITY_CLASS)) {
            return "CPU priority: class ABOVE_NORMAL, loops and router launched at NORMAL";
        }
        return "CPU priority: class unchanged, SetPriorityClass failed with error " + kernel.GetLastError();
    }
}
