package io.openclaw.deploy.agent.service.windows;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;

/**
 * Registers the agent as a source of the Application event log:
 * {@code HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\<name>}. The agent ships no message DLL; it
 * points {@code EventMessageFile} at the .NET Framework's EventLogMessages.dll, whose messages are the bare text
 * "%1" for every event id, so Event Viewer shows the agent's own text without "description cannot be found"
 * (inference from how .NET's EventLog registers sources; not run on Windows here).
 */
public final class EventLogSource {
    static final String APPLICATION_LOG = "SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\";
    static final String MESSAGE_FILE = "%SystemRoot%\\Microsoft.NET\\Framework64\\v4.0.30319\\EventLogMessages.dll";

    private EventLogSource() {}

    public static void register(String source) {
        String key = APPLICATION_LOG + source;
        Advapi32Util.registryCreateKey(WinReg.HKEY_LOCAL_MACHINE, key);
        Advapi32Util.registrySetExpandableStringValue(WinReg.HKEY_LOCAL_MACHINE, key, "EventMessageFile", MESSAGE_FILE);
        Advapi32Util.registrySetIntValue(WinReg.HKEY_LOCAL_MACHINE, key, "TypesSupported",
                WinNT.EVENTLOG_ERROR_TYPE | WinNT.EVENTLOG_WARNING_TYPE | WinNT.EVENTLOG_INFORMATION_TYPE);
    }

    public static void unregister(String source) {
        String key = APPLICATION_LOG + source;
        if (Advapi32Util.registryKeyExists(WinReg.HKEY_LOCAL_MACHINE, key)) {
            Advapi32Util.registryDeleteKey(WinReg.HKEY_LOCAL_MACHINE, key);
        }
    }
}
