package io.openclaw.deploy.agent.release;

import java.net.URI;

/**
 * What state a loop keeps and how the agent carries it from the serving slot to the new one (spec 3.3), as declared by
 * {@code state:} in {@code openclaw.yaml} (see {@code docs/state-migration.md}).
 *
 * @param dir               a directory relative to the slot's data directory ({@code ${DATA_DIR}}), or null
 * @param redis             Redis keys under a prefix, or null
 * @param freezePath        a path on the instance's port: {@code POST} pauses writes, {@code DELETE} resumes; or null
 * @param restoreOnRollback whether a rollback brings back the state the previous release left (true) rather than
 *                          carrying the current state back to it (false)
 * @param keep              snapshots kept per loop under {@code backups/state/}
 */
public record StateSpec(String dir, Redis redis, String freezePath, boolean restoreOnRollback, int keep) {
    public static final int DEFAULT_KEEP = 5;
    public static final StateSpec NONE = new StateSpec(null, null, null, false, DEFAULT_KEEP);

    /**
     * @param url       {@code redis://host:port[/db]}
     * @param keyPrefix the loop's keys; each slot uses {@code <keyPrefix><slot>:} beneath it
     */
    public record Redis(URI url, String keyPrefix) {
        /** The prefix of one slot's keys, which the loop gets as {@code OPENCLAW_STATE_REDIS_PREFIX}. */
        public String slotPrefix(String slot) {
            return keyPrefix + slot + ":";
        }
    }

    public boolean declared() {
        return dir != null || redis != null;
    }
}
