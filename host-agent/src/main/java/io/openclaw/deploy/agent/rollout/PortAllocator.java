package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.PortRange;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Chooses instance ports. The first replica of the loop at position {@code i} of its release takes port {@code i} of
 * its slot's range (so {@code gmail_processor} is always on the same blue and green port, as operators expect);
 * further replicas, loops beyond the range, and ports some other program holds fall back to the lowest free port of
 * the extra range (never the router's or the API's).
 */
final class PortAllocator {
    private final AgentConfig config;
    private final IntPredicate isFree;

    PortAllocator(AgentConfig config) {
        this(config, PortAllocator::canBind);
    }

    /** @param isFree whether nothing else listens on a port (tests decide it themselves) */
    PortAllocator(AgentConfig config, IntPredicate isFree) {
        this.config = config;
        this.isFree = isFree;
    }

    /**
     * @param taken ports already used by the agent's own instances; the chosen port is added to it
     */
    int allocate(String slot, int loopPosition, int replica, Set<Integer> taken) {
        PortRange range = Slot.BLUE.equals(slot) ? config.slots().blue() : config.slots().green();
        if (replica == 0 && loopPosition < range.size()) {
            int port = range.first() + loopPosition;
            if (!taken.contains(port) && isFree.test(port)) {
                taken.add(port);
                return port;
            }
        }
        return config.allocatableExtraPorts()
                .filter(port -> !taken.contains(port) && isFree.test(port))
                .peek(taken::add)
                .findFirst()
                .orElseThrow(() -> new OperationException(ProblemTypes.VALIDATION, 422,
                        "no free port left in the extra port range " + config.slots().extraPorts().first() + "-"
                                + config.slots().extraPorts().last() + " (raise blue_green.extra_port_range)"));
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
