package io.openclaw.deploy.agent.platform;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinNT;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link AclReader} through jna-platform's {@code Advapi32Util.getFileSecurity} / {@code getFileSecurityDescriptor}
 * (GetFileSecurity), which give SIDs; {@code AclFileAttributeView} gives only names. Windows only.
 */
public final class JnaAclReader implements AclReader {
    private static final byte ACCESS_ALLOWED_ACE_TYPE = 0;

    @Override
    public FileAcl read(Path path) throws IOException {
        String file = path.toAbsolutePath().toString();
        try {
            String owner = Advapi32Util.convertSidToStringSid(
                    Advapi32Util.getFileSecurityDescriptor(path.toAbsolutePath().toFile(), false).getOwner());
            List<FileAcl.Entry> entries = new ArrayList<>();
            for (WinNT.ACE_HEADER ace : Advapi32Util.getFileSecurity(file, false)) {
                if (ace instanceof WinNT.ACCESS_ACEStructure access) {
                    entries.add(new FileAcl.Entry(access.getSidString(), ace.AceType == ACCESS_ALLOWED_ACE_TYPE,
                            access.Mask, (ace.AceFlags & WinNT.INHERIT_ONLY_ACE) != 0));
                } else {
                    // An ACE type jna-platform does not decode (object or callback ACE): cannot vouch for it.
                    entries.add(new FileAcl.Entry("(ACE type " + ace.AceType + ")", true, -1, false));
                }
            }
            return new FileAcl(owner, entries);
        } catch (Win32Exception e) {
            throw new IOException("cannot read the access control list of " + path + ": " + e.getMessage(), e);
        }
    }
}
