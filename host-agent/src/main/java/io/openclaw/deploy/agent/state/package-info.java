/**
 * State migration between slots (spec 3.3): a loop's state (files under its slot's data directory, keys under a Redis
 * prefix) is snapshotted from the serving slot into content-addressed, checksummed snapshots under
 * {@code backups/state/}, validated, and staged into the new slot; the last changes are copied at the cutover, and a
 * rollback may restore a snapshot. Knows releases ({@code StateSpec}) and the home, nothing of deployments or
 * processes: {@code rollout} decides when each step runs.
 */
package io.openclaw.deploy.agent.state;
