package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.release.InstalledRelease;
import io.openclaw.deploy.agent.release.LoopSpec;

/**
 * Where one loop goes in a deployment: its new release and the slot its new instances run in.
 *
 * @param reuse true when healthy, unrouted instances of that very version already run in {@code slot} (a warm
 *              standby), so nothing is started
 */
record LoopMove(String loop, InstalledRelease release, LoopSpec spec, String slot, boolean reuse) {}
