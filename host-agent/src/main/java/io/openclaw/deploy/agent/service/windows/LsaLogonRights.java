package io.openclaw.deploy.agent.service.windows;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.ptr.PointerByReference;
import io.openclaw.deploy.agent.service.ServiceAccount;

/**
 * {@link LogonRights} through the LSA: {@code LookupAccountName} (jna-platform), then {@code LsaOpenPolicy} with
 * {@code POLICY_LOOKUP_NAMES | POLICY_CREATE_ACCOUNT} and {@code LsaAddAccountRights} ({@link LsaApi}), which is what
 * services.msc does when it is given a user account.
 */
final class LsaLogonRights implements LogonRights {

    @Override
    public String grant(String account, String right) throws ScmRegistry.ScmError {
        Advapi32Util.Account found = lookup(ServiceAccount.lookupName(account, Kernel32Util.getComputerName()));
        LsaApi lsa = LsaApi.load();
        PointerByReference handle = new PointerByReference();
        check(lsa, "LsaOpenPolicy", lsa.LsaOpenPolicy(null, new LsaApi.LSA_OBJECT_ATTRIBUTES(),
                LsaApi.POLICY_LOOKUP_NAMES | LsaApi.POLICY_CREATE_ACCOUNT, handle));
        Pointer policy = handle.getValue();
        try (Memory sid = new Memory(found.sid.length); Memory name = LsaApi.bufferFor(right)) {
            sid.write(0, found.sid, 0, found.sid.length);
            check(lsa, "LsaAddAccountRights", lsa.LsaAddAccountRights(policy, sid, LsaApi.unicodeString(right, name), 1));
        } finally {
            lsa.LsaClose(policy);
        }
        return found.fqn != null ? found.fqn : account;
    }

    private static Advapi32Util.Account lookup(String name) throws ScmRegistry.ScmError {
        try {
            return Advapi32Util.getAccountByName(name);
        } catch (LastErrorException e) { // jna-platform's Win32Exception carries LookupAccountName's error
            throw new ScmRegistry.ScmError("LookupAccountName(" + name + ")", e.getErrorCode());
        }
    }

    private static void check(LsaApi lsa, String call, int status) throws ScmRegistry.ScmError {
        if (status != 0) {
            throw new ScmRegistry.ScmError(call, lsa.LsaNtStatusToWinError(status));
        }
    }
}
