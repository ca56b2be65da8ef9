package io.openclaw.deploy.agent.platform;

/** The access masks the agent grants on its home, as icacls names them. */
public enum FileRights {
    /** FILE_ALL_ACCESS. */
    FULL("F", 0x001F01FF),
    /** Read, write, execute and delete, but not change the ACL or take ownership (icacls M). */
    MODIFY("M", 0x001301BF),
    /** FILE_GENERIC_READ | FILE_GENERIC_EXECUTE (icacls RX). */
    READ("RX", 0x001200A9);

    private final String icacls;
    private final int mask;

    FileRights(String icacls, int mask) {
        this.icacls = icacls;
        this.mask = mask;
    }

    public String icacls() {
        return icacls;
    }

    public int mask() {
        return mask;
    }
}
