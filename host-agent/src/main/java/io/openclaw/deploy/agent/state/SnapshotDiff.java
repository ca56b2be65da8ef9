package io.openclaw.deploy.agent.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What changed in a store between two snapshots: entries added or changed, and names removed. */
public record SnapshotDiff(List<SnapshotEntry> changed, List<String> removed) {
    public SnapshotDiff {
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }

    public static SnapshotDiff between(StateSnapshot before, StateSnapshot after) {
        Map<String, SnapshotEntry> old = before.byName();
        List<SnapshotEntry> changed = new ArrayList<>();
        for (SnapshotEntry e : after.entries()) {
            SnapshotEntry was = old.remove(e.name());
            if (was == null || !was.sha256().equals(e.sha256()) || was.ttlMillis() != e.ttlMillis()) {
                changed.add(e);
            }
        }
        return new SnapshotDiff(changed, List.copyOf(old.keySet()));
    }

    public boolean isEmpty() {
        return changed.isEmpty() && removed.isEmpty();
    }
}
