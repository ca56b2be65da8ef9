package io.openclaw.deploy.agent.flags;

import com.fasterxml.jackson.databind.JsonNode;
import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The agent's flags: changes are validated, written as a new revision, then made visible to the evaluator. Changes
 * are serialised; evaluations run lock-free against the evaluator's snapshot.
 */
public final class FlagService implements FlagOperations {
    private final FlagStore store;
    private final FlagEvaluator evaluator = new FlagEvaluator();
    private final Clock clock;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    /** Runs before each change asked through the API; may refuse it (the agent's read-only mode on a full disk). */
    private volatile Runnable beforeApiChange = () -> {};

    public FlagService(Path dir, Clock clock) throws IOException {
        this.store = new FlagStore(dir);
        this.clock = clock;
        evaluator.load(store.histories().values().stream()
                .map(h -> h.get(h.size() - 1).flag())
                .filter(Objects::nonNull)
                .toList());
    }

    /** @param check runs before each change asked through the API, and refuses it by throwing */
    public void beforeApiChange(Runnable check) {
        this.beforeApiChange = Objects.requireNonNull(check, "check");
    }

    public FlagEvaluator evaluator() {
        return evaluator;
    }

    @Override
    public synchronized List<FlagState> list() {
        return store.histories().values().stream()
                .map(h -> h.get(h.size() - 1))
                .filter(r -> !r.deleted())
                .map(FlagState::of)
                .toList();
    }

    @Override
    public synchronized FlagState get(String name) {
        FlagRevision last = current(name);
        if (last == null || last.deleted()) {
            throw notFound(name);
        }
        return FlagState.of(last);
    }

    @Override
    public synchronized FlagState put(String name, JsonNode definition, String actor) {
        FlagParser.checkName(name);
        Flag flag = FlagParser.parse(definition, name);
        beforeApiChange.run();
        return FlagState.of(record(name, "set", FlagRevision.Origin.API, actor, flag));
    }

    @Override
    public synchronized FlagRevision delete(String name, String actor) {
        get(name);
        beforeApiChange.run();
        return record(name, "delete", FlagRevision.Origin.API, actor, null);
    }

    @Override
    public synchronized List<FlagRevision> revisions(String name) {
        List<FlagRevision> history = store.history(name);
        if (history.isEmpty()) {
            throw notFound(name);
        }
        return history;
    }

    @Override
    public synchronized FlagState rollback(String name, int revision, String actor) {
        FlagRevision target = revisions(name).stream()
                .filter(r -> r.revision() == revision)
                .findFirst()
                .orElseThrow(() -> new OperationException(ProblemTypes.NOT_FOUND, 404,
                        "flag '" + name + "' has no revision " + revision));
        if (target.deleted()) {
            throw new OperationException(ProblemTypes.VALIDATION, 400,
                    "revision " + revision + " of flag '" + name + "' deleted it; roll back to a revision that set it");
        }
        beforeApiChange.run();
        return FlagState.of(record(name, "rollback to " + revision, FlagRevision.Origin.API, actor, target.flag()));
    }

    @Override
    public Evaluation evaluate(String name, EvaluationContext context) {
        return evaluator.evaluate(name, context);
    }

    /**
     * Installs default flags (a release's {@code flags.yaml}, {@code agent.yaml}). A flag the API has changed — even
     * deleted — is left alone, so operators' changes survive redeployments; an unchanged default adds no revision.
     *
     * @return how many flags changed
     */
    public synchronized int applyDefaults(List<Flag> defaults, FlagRevision.Origin origin, String source) {
        int changed = 0;
        for (Flag flag : defaults) {
            List<FlagRevision> history = store.history(flag.name());
            if (history.stream().anyMatch(r -> r.origin() == FlagRevision.Origin.API)) {
                continue;
            }
            FlagRevision last = current(flag.name());
            if (last != null && flag.equals(last.flag())) {
                continue;
            }
            record(flag.name(), "default", origin, source, flag);
            changed++;
        }
        return changed;
    }

    /**
     * Sets a flag on behalf of the agent itself (e.g. a flag-driven release ramping its percentage). Counts as an API
     * change, so defaults do not undo it.
     */
    public synchronized FlagState set(Flag flag, String actor) {
        return FlagState.of(record(flag.name(), "set", FlagRevision.Origin.API, actor, flag));
    }

    private FlagRevision record(String name, String change, FlagRevision.Origin origin, String actor, Flag flag) {
        FlagRevision last = current(name);
        int number = last == null ? 1 : last.revision() + 1;
        String by = actor == null || actor.isBlank() ? "unknown" : actor;
        FlagRevision revision = store.append(name, new FlagRevision(number, clock.instant(), by, change, origin, flag));
        if (flag == null) {
            evaluator.remove(name);
        } else {
            evaluator.put(flag);
        }
        listeners.forEach(l -> l.accept(name));
        return revision;
    }

    /**
     * Called with the flag's name after each change is in force here, e.g. to hand a copy of it to another process.
     * Listeners run under this service's lock, so they must not call back into it.
     */
    public void onChange(Consumer<String> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private FlagRevision current(String name) {
        List<FlagRevision> history = store.history(name);
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }

    private static OperationException notFound(String name) {
        return new OperationException(ProblemTypes.NOT_FOUND, 404, "flag '" + name + "' does not exist");
    }
}
