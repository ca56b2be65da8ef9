package io.openclaw.deploy.agent.flags;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * In-memory evaluation of the current flags. The flag set is swapped whole (copy on write), so evaluations never
 * lock and a change is visible to the next evaluation.
 */
public final class FlagEvaluator {
    private volatile Map<String, CompiledFlag> flags = Map.of();

    public Evaluation evaluate(String key, EvaluationContext context) {
        CompiledFlag flag = flags.get(key);
        if (flag == null) {
            return Evaluation.error(key, ErrorCode.FLAG_NOT_FOUND, "flag '" + key + "' does not exist");
        }
        return flag.evaluate(context);
    }

    /** The definition in force, for a copy of this flag in another process (the router's). */
    public Optional<Flag> flag(String key) {
        CompiledFlag flag = flags.get(key);
        return flag == null ? Optional.empty() : Optional.of(flag.flag());
    }

    /** Every flag for one context, in name order. */
    public List<Evaluation> evaluateAll(EvaluationContext context) {
        Map<String, CompiledFlag> current = flags;
        return current.keySet().stream().sorted().map(k -> current.get(k).evaluate(context)).toList();
    }

    /** Replaces the flag set. */
    public void load(Collection<Flag> all) {
        Map<String, CompiledFlag> next = new HashMap<>();
        for (Flag f : all) {
            next.put(f.name(), new CompiledFlag(f));
        }
        flags = Map.copyOf(next);
    }

    synchronized void put(Flag flag) {
        Map<String, CompiledFlag> next = new HashMap<>(flags);
        next.put(flag.name(), new CompiledFlag(flag));
        flags = Map.copyOf(next);
    }

    synchronized void remove(String name) {
        Map<String, CompiledFlag> next = new HashMap<>(flags);
        next.remove(name);
        flags = Map.copyOf(next);
    }
}
