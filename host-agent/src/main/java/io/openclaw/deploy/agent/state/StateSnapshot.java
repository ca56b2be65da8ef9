package io.openclaw.deploy.agent.state;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest of one snapshot of one store of a loop, as written to {@code manifest.json}.
 *
 * @param id         sortable by time ({@code 20261202-140301-123-a1b2})
 * @param store      {@code dir} or {@code redis}
 * @param sourceSlot the slot whose state this is
 * @param reason     {@code pre-deployment} (before the new slot starts), {@code cutover} (the final copy) or
 *                   {@code rollback}
 * @param createdAt  ISO-8601 instant
 */
public record StateSnapshot(String id, String loop, String store, String sourceSlot, String reason, String createdAt,
        List<SnapshotEntry> entries) {
    public static final String PRE_DEPLOYMENT = "pre-deployment";
    public static final String CUTOVER = "cutover";
    public static final String ROLLBACK = "rollback";

    public StateSnapshot {
        entries = List.copyOf(entries);
    }

    public Map<String, SnapshotEntry> byName() {
        Map<String, SnapshotEntry> map = new LinkedHashMap<>();
        entries.forEach(e -> map.put(e.name(), e));
        return map;
    }

    public long bytes() {
        return entries.stream().mapToLong(SnapshotEntry::size).sum();
    }
}
