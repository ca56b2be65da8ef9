package io.openclaw.deploy.agent.platform;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.AccCtrl;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link AclWriter} through advapi32: the ACL is built with {@code InitializeAcl} and {@code AddAccessAllowedAceEx}
 * and set with {@code SetNamedSecurityInfo(DACL | PROTECTED_DACL)}, which also re-propagates the inheritable
 * entries to the unprotected objects below a directory. Windows only.
 */
public final class JnaAclWriter implements AclWriter {
    /** ACCESS_ALLOWED_ACE is an ACE_HEADER (4 bytes) and a mask (4) followed by the SID. */
    private static final int ACE_FIXED_PART = 8;
    private static final int ACL_HEADER = 8;

    /** The two ACL functions, bound to plain pointers (jna-platform binds them to its ACL structure, read eagerly). */
    interface AclApi extends StdCallLibrary {
        boolean InitializeAcl(Pointer acl, int length, int revision);

        boolean AddAccessAllowedAceEx(Pointer acl, int revision, int aceFlags, int accessMask, Pointer sid);
    }

    private final AclApi api = Native.load("advapi32", AclApi.class, W32APIOptions.DEFAULT_OPTIONS);

    @Override
    public void apply(Path path, ProtectedAcl acl) throws IOException {
        int inherit = Files.isDirectory(path) ? WinNT.OBJECT_INHERIT_ACE | WinNT.CONTAINER_INHERIT_ACE : 0;
        List<WinNT.PSID> sids = new ArrayList<>();
        try {
            int size = ACL_HEADER;
            for (ProtectedAcl.Grant grant : acl.grants()) {
                WinNT.PSIDByReference sid = new WinNT.PSIDByReference();
                if (!Advapi32.INSTANCE.ConvertStringSidToSid(grant.sid(), sid)) {
                    throw failure("ConvertStringSidToSid(" + grant.sid() + ")", path);
                }
                sids.add(sid.getValue());
                size += ACE_FIXED_PART + Advapi32.INSTANCE.GetLengthSid(sid.getValue());
            }
            size = (size + 3) & ~3; // an ACL's size is a multiple of a DWORD
            try (Memory dacl = new Memory(size)) {
                dacl.clear();
                if (!api.InitializeAcl(dacl, size, WinNT.ACL_REVISION)) {
                    throw failure("InitializeAcl", path);
                }
                for (int i = 0; i < sids.size(); i++) {
                    if (!api.AddAccessAllowedAceEx(dacl, WinNT.ACL_REVISION, inherit, acl.grants().get(i).rights().mask(),
                            sids.get(i).getPointer())) {
                        throw failure("AddAccessAllowedAceEx", path);
                    }
                }
                int error = Advapi32.INSTANCE.SetNamedSecurityInfo(path.toAbsolutePath().toString(),
                        AccCtrl.SE_OBJECT_TYPE.SE_FILE_OBJECT,
                        WinNT.DACL_SECURITY_INFORMATION | WinNT.PROTECTED_DACL_SECURITY_INFORMATION,
                        null, null, dacl, null);
                if (error != 0) {
                    throw new IOException("cannot set the access control list of " + path + ": SetNamedSecurityInfo"
                            + " failed, Windows error " + error);
                }
            }
        } finally {
            sids.forEach(sid -> Kernel32.INSTANCE.LocalFree(sid.getPointer()));
        }
    }

    private static IOException failure(String call, Path path) {
        return new IOException("cannot set the access control list of " + path + ": " + call + " failed, Windows error "
                + Kernel32.INSTANCE.GetLastError());
    }
}
