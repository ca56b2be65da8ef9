package io.openclaw.deploy.agent.flags;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.protocol.ProblemTypes;

/** A flag definition refused, naming the offending field (e.g. {@code rules[0].conditions[1].operator}). */
public final class InvalidFlagException extends OperationException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidFlagException(String field, String message) {
        super(ProblemTypes.VALIDATION, 400, field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
