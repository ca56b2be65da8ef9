package io.openclaw.deploy.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.PortRange;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {
    private static AgentConfig config(int routerPort) {
        AgentConfig d = AgentConfig.defaults();
        return new AgentConfig(new AgentConfig.Listen("127.0.0.1", routerPort, 7443),
                new AgentConfig.Slots(new PortRange(8000, 8014), new PortRange(8020, 8034), new PortRange(8040, 8042),
                        Duration.ZERO),
                d.supervision(), d.releases());
    }

    private final PortAllocator ports = new PortAllocator(config(8080), port -> true);

    @Test
    void aLoopsFirstReplicaKeepsItsPlaceInTheSlotRange() {
        Set<Integer> taken = new HashSet<>();
        assertThat(ports.allocate("blue", 0, 0, taken)).isEqualTo(8000);
        assertThat(ports.allocate("blue", 1, 0, taken)).isEqualTo(8001);
        assertThat(ports.allocate("green", 1, 0, taken)).isEqualTo(8021);
        assertThat(taken).containsExactlyInAnyOrder(8000, 8001, 8021);
    }

    @Test
    void furtherReplicasAndLoopsBeyondTheRangeTakeExtraPorts() {
        Set<Integer> taken = new HashSet<>(Set.of(8040));
        assertThat(ports.allocate("blue", 1, 1, taken)).isEqualTo(8041);
        assertThat(ports.allocate("green", 15, 0, taken)).isEqualTo(8042);
    }

    @Test
    void aTakenSlotPortFallsBackToTheExtraRange() {
        Set<Integer> taken = new HashSet<>(Set.of(8003));
        assertThat(ports.allocate("blue", 3, 0, taken)).isEqualTo(8040);
    }

    @Test
    void portsHeldByOtherProgramsAndTheRoutersPortAreSkipped() {
        PortAllocator busyMachine = new PortAllocator(config(8040), port -> port != 8002 && port != 8041);
        Set<Integer> taken = new HashSet<>();
        assertThat(busyMachine.allocate("blue", 2, 0, taken)).isEqualTo(8042);
    }

    @Test
    void anExhaustedExtraRangeIsAClearError() {
        Set<Integer> taken = new HashSet<>(Set.of(8040, 8041, 8042));
        assertThatThrownBy(() -> ports.allocate("blue", 0, 1, taken))
                .isInstanceOf(OperationException.class)
                .hasMessageContaining("extra_port_range");
    }
}
