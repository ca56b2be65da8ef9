package io.openclaw.deploy.agent.service.windows;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32Util;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.platform.AccountSids;
import io.openclaw.deploy.agent.platform.AgentHomeAcls;
import io.openclaw.deploy.agent.platform.JnaAclWriter;
import io.openclaw.deploy.agent.service.ServiceAccount;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** {@link HomeAccess} by protected ACLs ({@link AgentHomeAcls}) for the account's SID ({@link AccountSids}). */
final class AclHomeAccess implements HomeAccess {
    @Override
    public String grant(Path home, Optional<String> account) throws IOException {
        String sid;
        try {
            // LookupAccountName does not know ".\name": it is looked up as COMPUTER\name (ServiceAccount.lookupName).
            sid = new AccountSids(name -> Advapi32Util.getAccountByName(
                    ServiceAccount.lookupName(name, Kernel32Util.getComputerName())).sidString).sidOf(account);
        } catch (RuntimeException e) {
            throw new IOException("cannot find the SID of " + account.orElse("LocalSystem") + ": " + e.getMessage(), e);
        }
        AgentHome agentHome = new AgentHome(home);
        AgentHomeAcls acls = new AgentHomeAcls(new JnaAclWriter(), sid);
        acls.protectHome(agentHome);
        acls.protectConf(agentHome);
        return "protected " + home + ": SYSTEM and Administrators full control, " + account.orElse("LocalSystem")
                + " (" + sid + ") modify, nothing inherited; the same on " + agentHome.conf();
    }
}
