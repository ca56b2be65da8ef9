package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.protocol.ProblemTypes;
import java.util.Set;

/** The CLI's exit codes, a contract with scripts and CI jobs (see {@code docs/cli.md}). */
public final class ExitCodes {
    public static final int SUCCESS = 0;
    public static final int ERROR = 1;
    /** Bad usage, or the agent refused the request as invalid. Also picocli's own usage errors. */
    public static final int USAGE = 2;
    public static final int ROLLED_BACK = 3;
    public static final int FAILED = 4;
    /** The agent could not be reached, its certificate did not match, or it refused the token. */
    public static final int UNREACHABLE = 5;
    /** {@code verify}: an item of the verification checklist failed. */
    public static final int VERIFICATION_FAILED = 6;
    /** The agent home's disk is full ({@code disk-full}): free space there, then repeat. */
    public static final int DISK_FULL = 7;

    /** Problem types that mean "your request is wrong": exit {@link #USAGE}. */
    static final Set<String> VALIDATION_PROBLEMS = Set.of(
            ProblemTypes.VALIDATION,
            ProblemTypes.MALFORMED_JSON,
            ProblemTypes.INVALID_MANIFEST,
            ProblemTypes.UNSAFE_ARTIFACT,
            ProblemTypes.DIGEST_MISMATCH,
            ProblemTypes.BAD_REQUEST,
            ProblemTypes.ARTIFACT_NOT_FOUND,
            ProblemTypes.IDEMPOTENCY_KEY_REUSED,
            ProblemTypes.RELEASE_NOT_FOUND,
            ProblemTypes.NO_PREVIOUS_RELEASE);

    private ExitCodes() {}
}
