package io.openclaw.deploy.agent.platform;

import java.util.List;

/**
 * What Windows says about a file's security, by SID: its owner and its DACL entries in order.
 *
 * @param ownerSid null when unknown
 */
public record FileAcl(String ownerSid, List<Entry> entries) {
    /**
     * One ACE.
     *
     * @param allow       an access-allowed entry (deny entries only take rights away)
     * @param mask        the access mask, generic rights included as written
     * @param inheritOnly applies to objects created below a directory, not to the directory itself
     */
    public record Entry(String sid, boolean allow, int mask, boolean inheritOnly) {}

    public FileAcl {
        entries = List.copyOf(entries);
    }
}
