package io.openclaw.deploy.agent.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.config.AgentHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Windows ACL decisions (issue 15, items 2 and 3), by SID, on ACLs written down here as Windows reports them: what
 * the home and the secrets get, what the agent's start-up check refuses, and the fix it prints.
 */
class WindowsAclTest {
    private static final String USERS = "S-1-5-32-545";
    private static final String AUTHENTICATED_USERS = "S-1-5-11";
    private static final String ALICE = "S-1-5-21-1-2-3-1001";
    private static final String VIRTUAL = WindowsSids.virtualAccount("OpenClawAgent");
    private static final int READ_AND_EXECUTE = 0x1200A9;
    private static final int MODIFY = 0x1301BF;
    private static final int FULL = 0x1F01FF;

    private static final Map<String, String> NAMES = Map.of(USERS, "BUILTIN\\Users",
            AUTHENTICATED_USERS, "NT AUTHORITY\\Authenticated Users", VIRTUAL, "NT SERVICE\\OpenClawAgent");
    private final AclPolicy policy = new AclPolicy(VIRTUAL, sid -> NAMES.getOrDefault(sid, sid));

    private static FileAcl.Entry allow(String sid, int mask) {
        return new FileAcl.Entry(sid, true, mask, false);
    }

    /** What a file gets by inheritance under a folder made in C:\ on a standard system. */
    private static FileAcl inheritedFromSystemDrive() {
        return new FileAcl(WindowsSids.ADMINISTRATORS, List.of(allow(WindowsSids.LOCAL_SYSTEM, FULL),
                allow(WindowsSids.ADMINISTRATORS, FULL), allow(USERS, READ_AND_EXECUTE),
                allow(AUTHENTICATED_USERS, MODIFY)));
    }

    @Test
    void theVirtualAccountSidIsComputedAsScShowsidDoes() {
        // The SID of NT SERVICE\TrustedInstaller, the same on every Windows machine.
        assertThat(WindowsSids.virtualAccount("TrustedInstaller"))
                .isEqualTo("S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464");
        assertThat(WindowsSids.virtualAccount("openclawagent")).isEqualTo(VIRTUAL);
    }

    @Test
    void accountsMapToSidsBuiltInsAndVirtualWithoutALookup() {
        List<String> looked = new ArrayList<>();
        AccountSids sids = new AccountSids(name -> {
            looked.add(name);
            return ALICE;
        });

        assertThat(sids.sidOf(Optional.empty())).isEqualTo(WindowsSids.LOCAL_SYSTEM);
        assertThat(sids.sidOf(Optional.of("NT AUTHORITY\\LocalService"))).isEqualTo(WindowsSids.LOCAL_SERVICE);
        assertThat(sids.sidOf(Optional.of("NT AUTHORITY\\NetworkService"))).isEqualTo(WindowsSids.NETWORK_SERVICE);
        assertThat(sids.sidOf(Optional.of("NT SERVICE\\OpenClawAgent"))).isEqualTo(VIRTUAL);
        assertThat(looked).isEmpty();
        assertThat(sids.sidOf(Optional.of("CORP\\svc-openclaw"))).isEqualTo(ALICE);
        assertThat(looked).containsExactly("CORP\\svc-openclaw");
    }

    @Test
    void theAgentsAclGivesSystemAndAdministratorsFullControlAndTheServiceAccountModifyOnly() {
        assertThat(ProtectedAcl.forAgent(VIRTUAL).grants()).containsExactly(
                new ProtectedAcl.Grant(WindowsSids.LOCAL_SYSTEM, FileRights.FULL),
                new ProtectedAcl.Grant(WindowsSids.ADMINISTRATORS, FileRights.FULL),
                new ProtectedAcl.Grant(VIRTUAL, FileRights.MODIFY));
        // LocalSystem already has full control: no second, weaker entry.
        assertThat(ProtectedAcl.forAgent(WindowsSids.LOCAL_SYSTEM).grants()).extracting(ProtectedAcl.Grant::sid)
                .containsExactly(WindowsSids.LOCAL_SYSTEM, WindowsSids.ADMINISTRATORS);
    }

    @Test
    void homeThenConfAndEverythingInItGetTheProtectedAclTopDown(@TempDir Path dir) throws Exception {
        AgentHome home = new AgentHome(dir.resolve("OpenClaw"));
        Files.createDirectories(home.tlsDir());
        Files.writeString(home.tokenFile(), "t");
        Files.writeString(home.keyStore(), "k");
        Files.createDirectories(home.releases());
        RecordingWriter writer = new RecordingWriter();
        AgentHomeAcls acls = new AgentHomeAcls(writer, VIRTUAL);

        acls.protectHome(home);
        acls.protectConf(home);

        assertThat(writer.applied).containsExactlyInAnyOrder(home.root(), home.conf(), home.tokenFile(),
                home.tlsDir(), home.keyStore());
        assertThat(writer.applied.subList(0, 2)).containsExactly(home.root(), home.conf());
        assertThat(writer.applied.indexOf(home.tlsDir())).isLessThan(writer.applied.indexOf(home.keyStore()));
        assertThat(writer.acls).containsOnly(ProtectedAcl.forAgent(VIRTUAL));
    }

    @Test
    void aSecretInheritingFromTheSystemDriveIsRefusedNamingUsersAndAuthenticatedUsers() {
        List<String> problems = policy.problems(Path.of("C:\\OpenClaw\\conf\\api-token"), false,
                inheritedFromSystemDrive());

        assertThat(problems).singleElement().asString().startsWith("C:\\OpenClaw\\conf\\api-token can be read or"
                + " changed by BUILTIN\\Users (S-1-5-32-545), NT AUTHORITY\\Authenticated Users (S-1-5-11); fix");
    }

    @Test
    void thePrintedFixKeepsTheServiceAccountAndQuotesEveryGrantForPowerShell() {
        String problem = policy.problems(Path.of("C:\\OpenClaw\\conf"), true, inheritedFromSystemDrive()).get(0);

        assertThat(problem).endsWith("fix (elevated prompt): icacls \"C:\\OpenClaw\\conf\" /inheritance:r"
                + " /remove:g \"*S-1-5-32-545\" /remove:g \"*S-1-5-11\" /grant:r \"*S-1-5-18:(OI)(CI)F\""
                + " \"*S-1-5-32-544:(OI)(CI)F\" \"*" + VIRTUAL + ":(OI)(CI)M\"");
    }

    @Test
    void whatInitAndServiceInstallSetPassesTheCheck() {
        List<FileAcl.Entry> entries = new ArrayList<>();
        for (ProtectedAcl.Grant grant : ProtectedAcl.forAgent(VIRTUAL).grants()) {
            entries.add(allow(grant.sid(), grant.rights().mask()));
        }
        FileAcl protectedAcl = new FileAcl(WindowsSids.ADMINISTRATORS, entries);

        assertThat(policy.problems(Path.of("api-token"), false, protectedAcl)).isEmpty();
        assertThat(policy.problems(Path.of("conf"), true, protectedAcl)).isEmpty();
    }

    @Test
    void principalsAreComparedBySidNotByName() {
        // A localized or look-alike name changes nothing: only the SID counts.
        AclPolicy german = new AclPolicy(VIRTUAL, sid -> sid.equals(WindowsSids.ADMINISTRATORS)
                ? "VORDEFINIERT\\Administratoren" : "HOST\\OpenClawAgent");
        FileAcl acl = new FileAcl(ALICE, List.of(allow(WindowsSids.ADMINISTRATORS, FULL),
                allow("S-1-5-21-9-9-9-1002", READ_AND_EXECUTE)));

        assertThat(german.problems(Path.of("api-token"), false, acl)).singleElement().asString()
                .contains("HOST\\OpenClawAgent (S-1-5-21-9-9-9-1002)");
    }

    @Test
    void theOwnerDenyEntriesAndMetadataOnlyRightsAreNoLeak() {
        FileAcl acl = new FileAcl(ALICE, List.of(allow(ALICE, FULL),
                new FileAcl.Entry(USERS, false, READ_AND_EXECUTE, false),
                allow(AUTHENTICATED_USERS, 0x80 | 0x20000 | 0x100000))); // read attributes, read control, synchronize

        assertThat(policy.problems(Path.of("api-token"), false, acl)).isEmpty();
    }

    @Test
    void onADirectoryAnInheritOnlyEntryAndDeleteChildCount() {
        FileAcl acl = new FileAcl(WindowsSids.ADMINISTRATORS, List.of(
                new FileAcl.Entry(USERS, true, READ_AND_EXECUTE, true), allow(AUTHENTICATED_USERS, 0x40)));

        assertThat(policy.problems(Path.of("conf"), true, acl)).singleElement().asString()
                .contains("BUILTIN\\Users", "Authenticated Users");
        assertThat(policy.problems(Path.of("api-token"), false,
                new FileAcl(null, List.of(allow(AUTHENTICATED_USERS, 0x40))))).isEmpty();
    }

    @Test
    void theCheckLooksAtTheSecretAndAtItsDirectory(@TempDir Path dir) throws Exception {
        Path conf = Files.createDirectory(dir.resolve("conf"));
        Path token = Files.writeString(conf.resolve("api-token"), "t");
        FileAcl good = new FileAcl(WindowsSids.ADMINISTRATORS, List.of(allow(VIRTUAL, MODIFY)));
        AclReader reader = path -> path.equals(conf) ? inheritedFromSystemDrive() : good;

        assertThat(new AclSecretFileCheck(reader, policy).problems(token)).singleElement().asString()
                .startsWith(conf + " can be read or changed by BUILTIN\\Users");
    }

    private static final class RecordingWriter implements AclWriter {
        final List<Path> applied = new ArrayList<>();
        final List<ProtectedAcl> acls = new ArrayList<>();

        @Override
        public void apply(Path path, ProtectedAcl acl) throws IOException {
            applied.add(path);
            acls.add(acl);
        }
    }
}
