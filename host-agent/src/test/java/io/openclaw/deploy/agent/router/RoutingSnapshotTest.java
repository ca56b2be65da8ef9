package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingSnapshotTest {

    private static Backend backend(String id, String loop, int port, int weight) {
        return new Backend(id, loop, "v1", "blue", "127.0.0.1", port, weight);
    }

    private static RoutingTable table(long generation, Map<String, List<Backend>> loops) {
        return new RoutingTable(generation, loops);
    }

    @Test
    void aNewSnapshotStartsItsOwnSelectionState() {
        RoutingTable t = table(1, Map.of("mail", List.of(backend("a", "mail", 9001, 2), backend("b", "mail", 9002, 1))));
        RoutingSnapshot old = RoutingSnapshot.of(t);
        assertThat(old.pick("mail", Set.of()).orElseThrow().instanceId()).isEqualTo("a");
        assertThat(old.pick("mail", Set.of()).orElseThrow().instanceId()).isEqualTo("b");

        RoutingSnapshot fresh = RoutingSnapshot.of(t);

        assertThat(fresh.pick("mail", Set.of()).orElseThrow().instanceId()).isEqualTo("a");
        assertThat(old.pick("mail", Set.of()).orElseThrow().instanceId()).isEqualTo("a");
    }

    @Test
    void knowsLoopsAndNamesTheUnroutableOnes() {
        Map<String, List<Backend>> loops = new LinkedHashMap<>();
        loops.put("mail", List.of(backend("a", "mail", 9001, 1)));
        loops.put("chat", List.of(backend("c", "chat", 9003, 0)));
        loops.put("calendar", List.of());

        RoutingSnapshot snapshot = RoutingSnapshot.of(table(3, loops));

        assertThat(snapshot.knows("mail")).isTrue();
        assertThat(snapshot.knows("news")).isFalse();
        assertThat(snapshot.pick("news", Set.of())).isEmpty();
        assertThat(snapshot.pick("chat", Set.of())).isEmpty();
        assertThat(snapshot.unroutableLoops()).containsExactly("calendar", "chat");
        assertThat(snapshot.addresses()).containsExactlyInAnyOrder(
                new BackendAddress("127.0.0.1", 9001), new BackendAddress("127.0.0.1", 9003));
    }

    @Test
    void rejectsInconsistentTables() {
        assertThatThrownBy(() -> RoutingSnapshot.of(table(1, Map.of("mail", List.of(backend("a", "chat", 9001, 1))))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed under loop mail");
        assertThatThrownBy(() -> RoutingSnapshot.of(table(1, Map.of(
                "mail", List.of(backend("a", "mail", 9001, 1)), "chat", List.of(backend("a", "chat", 9002, 1))))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice: a");
        assertThatThrownBy(() -> RoutingSnapshot.of(table(1, Map.of("mail", List.of(backend("a", "mail", 0, 1))))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no valid address");
        assertThatThrownBy(() -> RoutingSnapshot.of(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
