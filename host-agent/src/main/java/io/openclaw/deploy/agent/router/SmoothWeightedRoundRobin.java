package io.openclaw.deploy.agent.router;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * nginx's smooth weighted round-robin over one loop's backends: every pick adds each eligible backend's weight to its
 * running score, takes the highest score and subtracts the total weight from it. Over any run of (sum of weights)
 * picks every backend is chosen exactly its weight times, interleaved rather than in bursts, so even a 5 % canary
 * gets exactly 5 of every 100 requests.
 *
 * <p>The state belongs to one published routing snapshot: a new snapshot starts from zero scores.
 */
final class SmoothWeightedRoundRobin {
    private final List<Backend> backends;
    private final long[] scores;

    SmoothWeightedRoundRobin(List<Backend> backends) {
        this.backends = List.copyOf(backends);
        this.scores = new long[this.backends.size()];
    }

    /** The next backend, skipping weight 0 and the excluded instance ids (already tried for this request). */
    synchronized Optional<Backend> next(Set<String> excludedInstanceIds) {
        int best = -1;
        long total = 0;
        for (int i = 0; i < backends.size(); i++) {
            Backend b = backends.get(i);
            if (b.weight() == 0 || excludedInstanceIds.contains(b.instanceId())) {
                continue;
            }
            scores[i] += b.weight();
            total += b.weight();
            if (best < 0 || scores[i] > scores[best]) {
                best = i;
            }
        }
        if (best < 0) {
            return Optional.empty();
        }
        scores[best] -= total;
        return Optional.of(backends.get(best));
    }

    boolean hasRoutableBackend() {
        return backends.stream().anyMatch(b -> b.weight() > 0);
    }
}
