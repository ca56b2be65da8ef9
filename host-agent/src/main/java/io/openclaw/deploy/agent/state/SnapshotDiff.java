package io.openclaw.deploy.agent.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * The items this diff and {@code other} (from the same base) both changed or removed, and that do not end the
     * same in {@code mine} and {@code theirs}, the snapshots they lead to. The content is compared, not a Redis
     * key's time to live, which changes by itself.
     */
    public List<String> conflicts(SnapshotDiff other, StateSnapshot mine, StateSnapshot theirs) {
        Map<String, SnapshotEntry> mineByName = mine.byName();
        Map<String, SnapshotEntry> theirsByName = theirs.byName();
        Set<String> touched = new HashSet<>(other.removed);
        other.changed.forEach(e -> touched.add(e.name()));
        List<String> both = new ArrayList<>();
        for (String name : names()) {
            SnapshotEntry a = mineByName.get(name);
            SnapshotEntry b = theirsByName.get(name);
            boolean same = a == null ? b == null : b != null && a.sha256().equals(b.sha256());
            if (touched.contains(name) && !same) {
                both.add(name);
            }
        }
        return both;
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        changed.forEach(e -> names.add(e.name()));
        names.addAll(removed);
        names.sort(null);
        return names;
    }

    public boolean isEmpty() {
        return changed.isEmpty() && removed.isEmpty();
    }
}
