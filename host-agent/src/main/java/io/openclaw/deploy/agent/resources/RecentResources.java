package io.openclaw.deploy.agent.resources;

import java.util.Optional;
import java.util.Set;

/** Figures already measured, for a reader that would rather not wait for a {@link ResourceWindow} of its own. */
@FunctionalInterface
public interface RecentResources {
    RecentResources NONE = pids -> Optional.empty();

    /** Recent figures of every process in {@code pids} and of the host; empty when some are missing or old. */
    Optional<ResourceWindow.Figures> recent(Set<Long> pids);
}
