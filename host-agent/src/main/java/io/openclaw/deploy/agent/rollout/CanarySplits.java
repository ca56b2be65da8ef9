package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.journal.LoopAssignment;
import java.util.LinkedHashMap;
import java.util.Map;

/** Assignments seen without their canary split: what serves each loop once any canary in progress is taken away. */
final class CanarySplits {
    private CanarySplits() {}

    static Map<String, LoopAssignment> withoutCanaries(Map<String, LoopAssignment> assignments) {
        Map<String, LoopAssignment> plain = new LinkedHashMap<>();
        assignments.forEach((loop, a) -> plain.put(loop, a.withCanary(null)));
        return plain;
    }
}
