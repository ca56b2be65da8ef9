package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.PortRange;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.util.HashSet;
import java.util.Set;

/**
 * Chooses instance ports. The first replica of the loop at position {@code i} of its release takes port {@code i} of
 * its slot's range (so {@code gmail_processor} is always on the same blue and green port, as operators expect);
 * further replicas, and loops beyond the range, take the lowest free port of the extra range.
 */
final class PortAllocator {
    private final AgentConfig.Slots slots;

    PortAllocator(AgentConfig.Slots slots) {
        this.slots = slots;
    }

    /**
     * @param taken ports already used by other instances; the chosen port is added to it
     */
    int allocate(String slot, int loopPosition, int replica, Set<Integer> taken) {
        PortRange range = Slot.BLUE.equals(slot) ? slots.blue() : slots.green();
        if (replica == 0 && loopPosition < range.size()) {
            int port = range.first() + loopPosition;
            if (taken.add(port)) {
                return port;
            }
        }
        for (int port = slots.extraPorts().first(); port <= slots.extraPorts().last(); port++) {
            if (taken.add(port)) {
                return port;
            }
        }
        throw new OperationException(ProblemTypes.VALIDATION, 422, "no free port left in the extra port range "
                + slots.extraPorts().first() + "-" + slots.extraPorts().last() + " (raise blue_green.extra_port_range)");
    }

    static Set<Integer> copyOf(Set<Integer> ports) {
        return new HashSet<>(ports);
    }
}
