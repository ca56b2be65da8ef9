package io.openclaw.deploy.agent.service.windows;

/**
 * User rights of the local security policy (LSA), as a seam like {@link ScmRegistry}: {@link LsaLogonRights} grants
 * them through JNA, and on Linux the install sequence is tested against a fake.
 */
public interface LogonRights {
    /** "Log on as a service" ({@code SE_SERVICE_LOGON_NAME}): without it a user account's service fails with 1069. */
    String SERVICE_LOGON = "SeServiceLogonRight";

    /**
     * Adds {@code right} to {@code account}; a right the account already has is left as it is. Nothing is ever revoked.
     *
     * @param account as given to {@code service install} ({@code .\name}, {@code COMPUTER\name}, {@code DOMAIN\name},
     *                {@code name@domain})
     * @return the account as Windows resolved it, e.g. {@code OPENCLAW-HOST\openclaw}, for the message
     * @throws ScmRegistry.ScmError the call that failed and its Win32 error
     */
    String grant(String account, String right) throws ScmRegistry.ScmError;
}
