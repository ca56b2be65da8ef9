package io.openclaw.deploy.agent.flags;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the admin API offers on flags ({@code /v1/flags...}). Failures are {@link io.openclaw.deploy.agent.OperationException}s:
 * 404 for an unknown flag or revision, 400 ({@link InvalidFlagException}) for a bad definition, which changes nothing.
 */
public interface FlagOperations {
    /** {@code GET /v1/flags}: the current flags in name order. */
    List<FlagState> list();

    /** {@code GET /v1/flags/{name}}. */
    FlagState get(String name);

    /** {@code PUT /v1/flags/{name}}: creates or replaces the flag from its JSON definition. */
    FlagState put(String name, JsonNode definition, String actor);

    /** {@code DELETE /v1/flags/{name}}; the history stays, so the flag can be rolled back. */
    FlagRevision delete(String name, String actor);

    /** {@code GET /v1/flags/{name}/revisions}: oldest first. */
    List<FlagRevision> revisions(String name);

    /** {@code POST /v1/flags/{name}/rollback {"revision": N}}: makes revision N's flag current again, as a new revision. */
    FlagState rollback(String name, int revision, String actor);

    /** Evaluation as the loops get it (for {@code flags eval}). */
    Evaluation evaluate(String name, EvaluationContext context);
}
