package io.openclaw.deploy.agent.platform;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The SID of a service account as {@code service install} is given it. The built-in accounts have fixed SIDs and the
 * virtual account's is computed ({@link WindowsSids#virtualAccount}); any other account is looked up.
 */
public final class AccountSids {
    private static final Map<String, String> BUILT_IN = Map.of(
            "localsystem", WindowsSids.LOCAL_SYSTEM, ".\\localsystem", WindowsSids.LOCAL_SYSTEM,
            "nt authority\\system", WindowsSids.LOCAL_SYSTEM,
            "nt authority\\localservice", WindowsSids.LOCAL_SERVICE, "nt authority\\local service",
            WindowsSids.LOCAL_SERVICE,
            "nt authority\\networkservice", WindowsSids.NETWORK_SERVICE, "nt authority\\network service",
            WindowsSids.NETWORK_SERVICE);
    private static final String VIRTUAL_PREFIX = "nt service\\";

    private final UnaryOperator<String> lookup;

    /** @param lookup an account name, as the service was given it, to its SID ({@code LookupAccountName}) */
    public AccountSids(UnaryOperator<String> lookup) {
        this.lookup = lookup;
    }

    /** @param account empty: LocalSystem */
    public String sidOf(Optional<String> account) {
        if (account.isEmpty()) {
            return WindowsSids.LOCAL_SYSTEM;
        }
        String name = account.get().strip();
        String lower = name.toLowerCase(Locale.ROOT);
        if (BUILT_IN.containsKey(lower)) {
            return BUILT_IN.get(lower);
        }
        if (lower.startsWith(VIRTUAL_PREFIX)) {
            return WindowsSids.virtualAccount(name.substring(VIRTUAL_PREFIX.length()));
        }
        return lookup.apply(name);
    }

    /** The SID of the user of this process's token (for a service: its account, e.g. the virtual account). */
    public static String current() {
        WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
        if (!Advapi32.INSTANCE.OpenProcessToken(Kernel32.INSTANCE.GetCurrentProcess(), WinNT.TOKEN_QUERY, token)) {
            throw new IllegalStateException("OpenProcessToken failed: Windows error " + Kernel32.INSTANCE.GetLastError());
        }
        try {
            return Advapi32Util.getTokenAccount(token.getValue()).sidString;
        } finally {
            Kernel32.INSTANCE.CloseHandle(token.getValue());
        }
    }
}
