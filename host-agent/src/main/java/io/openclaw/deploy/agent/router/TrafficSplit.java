package io.openclaw.deploy.agent.router;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Set;

/**
 * Request-level rules of a loop's canary, on top of the weights: requests whose {@code segmentHeader} has one of
 * {@code segmentValues} always reach the canary version; requests carrying {@code stickyHeader} go by a hash of its
 * value, so one user stays on one version as the percentage rises (a user in the canary stays in it).
 *
 * @param segmentHeader null when there is no segment rule
 * @param stickyHeader  null when there is no stickiness
 */
public record TrafficSplit(String canaryVersion, int percent, String segmentHeader, Set<String> segmentValues,
                           String stickyHeader) implements VersionChooser {
    public TrafficSplit {
        segmentValues = segmentValues == null ? Set.of() : Set.copyOf(segmentValues);
    }

    @Override
    public String newVersion() {
        return canaryVersion;
    }

    /** A matching segment goes to the canary; otherwise a sticky user to the version its bucket falls in. */
    @Override
    public Assignment choose(HttpHeaders headers) {
        if (segmentHeader != null) {
            String value = headers.get(segmentHeader);
            if (value != null && segmentValues.contains(value.trim())) {
                return Assignment.NEW;
            }
        }
        if (stickyHeader != null) {
            String user = headers.get(stickyHeader);
            if (user != null && !user.isBlank()) {
                return inCanary(user.trim()) ? Assignment.NEW : Assignment.OLD;
            }
        }
        return Assignment.WEIGHTED;
    }

    /** Whether a user (the sticky header's value) falls in the canary at this percentage. */
    public boolean inCanary(String user) {
        return bucket(user) < percent;
    }

    /** A stable bucket 0-99 per user, the same in every agent run (String.hashCode is specified), well mixed. */
    static int bucket(String user) {
        int h = user.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, 100);
    }
}
