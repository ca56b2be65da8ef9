package io.openclaw.deploy.agent.service.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Winsvc;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

/**
 * {@code CreateServiceW} with the password as a {@link Pointer}. jna-platform 5.17.0 binds it as
 * {@code Advapi32.CreateService(SC_HANDLE, String, String, int, int, int, int, String, String, IntByReference, String,
 * String, String lpPassword)}: a {@code String} password cannot be overwritten after the call, native memory can.
 * Same parameters otherwise (checked by a test against jna-platform's binding); {@link W32APIOptions#DEFAULT_OPTIONS}
 * calls the {@code W} variant with wide strings, as jna-platform does.
 */
interface ScmCreateServiceApi extends StdCallLibrary {
    /** Loaded on first use only, so that merely referring to this interface works on every OS. */
    static ScmCreateServiceApi load() {
        return Native.load("Advapi32", ScmCreateServiceApi.class, W32APIOptions.DEFAULT_OPTIONS);
    }

    Winsvc.SC_HANDLE CreateService(Winsvc.SC_HANDLE hSCManager, String lpServiceName, String lpDisplayName,
            int dwDesiredAccess, int dwServiceType, int dwStartType, int dwErrorControl, String lpBinaryPathName,
            String lpLoadOrderGroup, IntByReference lpdwTagId, String lpDependencies, String lpServiceStartName,
            Pointer lpPassword);

    /**
     * The password as a NUL-terminated wide string in native memory; the caller {@link Memory#clear() clears} and
     * closes it right after the call.
     */
    static Memory wideString(char[] chars) {
        Memory memory = new Memory((long) (chars.length + 1) * Native.WCHAR_SIZE);
        for (int i = 0; i < chars.length; i++) {
            memory.setChar((long) i * Native.WCHAR_SIZE, chars[i]);
        }
        memory.setChar((long) chars.length * Native.WCHAR_SIZE, '\0');
        return memory;
    }
}
