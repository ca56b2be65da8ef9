package io.openclaw.deploy.agent.release;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.config.yaml.YamlProblem;
import io.openclaw.deploy.protocol.ProblemTypes;

/**
 * An {@code openclaw.yaml} that cannot be used. The message names the file, position and setting, e.g.
 * {@code openclaw.yaml line 12, column 15: loops[2].replicas must be between 1 and 16, got 0}. It is an
 * {@link OperationException} ({@code invalid-manifest}, 422) so that the API reports it as is.
 */
public final class ManifestException extends OperationException {
    private static final long serialVersionUID = 1L;

    private final String fieldPath;
    private final int line;
    private final int column;

    ManifestException(String fileName, YamlProblem problem) {
        super(ProblemTypes.INVALID_MANIFEST, 422, problem.describeIn(fileName), null, problem);
        this.fieldPath = problem.path();
        this.line = problem.location().line();
        this.column = problem.location().column();
    }

    /** A manifest that could not be found or read at all. */
    ManifestException(String message, Throwable cause) {
        super(ProblemTypes.INVALID_MANIFEST, 422, message, null, cause);
        this.fieldPath = "";
        this.line = 0;
        this.column = 0;
    }

    /** The setting at fault, e.g. {@code loops[2].replicas}; empty when the file as a whole is. */
    public String fieldPath() {
        return fieldPath;
    }

    /** 1-based line of the setting, 0 when there is no file position. */
    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
