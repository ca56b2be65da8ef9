package io.openclaw.deploy.agent.service.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Winsvc;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

/**
 * {@code ChangeServiceConfigW}, which jna-platform 5.17.0 does not bind (it has only {@code ChangeServiceConfig2}).
 * Signature from Microsoft's winsvc.h; {@link W32APIOptions#DEFAULT_OPTIONS} calls the {@code W} variant. The command
 * line goes to the SCM as one string, untouched: no shell or PowerShell argument passing in between, which is what
 * mangled {@code sc.exe config binPath= "..."}.
 */
interface ScmChangeConfigApi extends StdCallLibrary {
    /** SERVICE_NO_CHANGE: leave this DWORD setting as it is. */
    int SERVICE_NO_CHANGE = 0xFFFFFFFF;

    static ScmChangeConfigApi load() {
        return Native.load("Advapi32", ScmChangeConfigApi.class, W32APIOptions.DEFAULT_OPTIONS);
    }

    /** Null strings and pointers leave the setting unchanged. */
    boolean ChangeServiceConfig(Winsvc.SC_HANDLE hService, int dwServiceType, int dwStartType, int dwErrorControl,
            String lpBinaryPathName, String lpLoadOrderGroup, IntByReference lpdwTagId, String lpDependencies,
            String lpServiceStartName, Pointer lpPassword, String lpDisplayName);
}
