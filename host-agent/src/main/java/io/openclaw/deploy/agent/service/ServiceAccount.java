package io.openclaw.deploy.agent.service;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which accounts a Windows service can run as without a password, and the checks {@code service install} makes before
 * anything is registered. The built-in ones (LocalSystem, LocalService, NetworkService), the virtual account
 * {@code NT SERVICE\<service name>} and group managed service accounts ({@code DOMAIN\name$}, whose password Windows
 * manages) need none; every other account (a local or domain user) does.
 */
public final class ServiceAccount {
    private static final Set<String> BUILT_IN = Set.of(
            "localsystem", ".\\localsystem", "nt authority\\system",
            "nt authority\\localservice", "nt authority\\local service",
            "nt authority\\networkservice", "nt authority\\network service");
    private static final String VIRTUAL_PREFIX = "nt service\\";

    private ServiceAccount() {}

    /** Whether Windows needs a password to run a service as {@code account} (empty: LocalSystem, no). */
    public static boolean needsPassword(Optional<String> account) {
        if (account.isEmpty()) {
            return false;
        }
        String name = account.get().strip().toLowerCase(Locale.ROOT);
        return !BUILT_IN.contains(name) && !name.startsWith(VIRTUAL_PREFIX) && !name.endsWith("$");
    }

    /**
     * The account's name as {@code LookupAccountName} takes it. The SCM reads {@code .\name} as a local account, the
     * lookup does not know {@code .}: it becomes {@code COMPUTER\name}, so that a domain account of the same name is
     * never the one found. Every other form is passed on as it is.
     */
    public static String lookupName(String account, String computerName) {
        String name = account.strip();
        return name.startsWith(".\\") ? computerName + name.substring(1) : name;
    }

    /**
     * The problem with this combination, if any, as one line for the command line.
     *
     * @param windows         systemd has no password: there the account is only {@code User=}
     * @param serviceName     a virtual account must be the service's own
     * @param passwordGiven   whether a password source was given
     */
    public static Optional<String> problem(
            boolean windows, Optional<String> account, String serviceName, boolean passwordGiven) {
        if (!windows) {
            return passwordGiven
                    ? Optional.of("a password is only for Windows services; systemd runs the unit as User= without one")
                    : Optional.empty();
        }
        String shown = account.orElse("LocalSystem");
        if (account.isPresent() && account.get().strip().toLowerCase(Locale.ROOT).startsWith(VIRTUAL_PREFIX)
                && !account.get().strip().substring(VIRTUAL_PREFIX.length()).equalsIgnoreCase(serviceName)) {
            return Optional.of(shown + " is the virtual account of another service; this service's is NT SERVICE\\"
                    + serviceName);
        }
        if (needsPassword(account) && !passwordGiven) {
            return Optional.of("the account " + shown + " needs a password: give it with --password-file FILE or"
                    + " --password-stdin (never on the command line)");
        }
        if (!needsPassword(account) && passwordGiven) {
            return Optional.of("the account " + shown + " has no password (Windows manages it); leave out the"
                    + " password option");
        }
        return Optional.empty();
    }
}
