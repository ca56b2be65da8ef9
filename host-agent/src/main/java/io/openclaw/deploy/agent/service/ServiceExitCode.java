package io.openclaw.deploy.agent.service;

/**
 * Service-specific exit codes ({@code dwServiceSpecificExitCode}, with {@code dwWin32ExitCode =
 * ERROR_SERVICE_SPECIFIC_ERROR}); the System event log shows them in event 7024, and a non-zero code makes the SCM apply
 * the failure actions (the service is installed with {@code fFailureActionsOnNonCrashFailures}). Also the exit status
 * of {@code service run} outside the SCM.
 */
public enum ServiceExitCode {
    OK(0, "stopped normally"),
    START_FAILED(10, "the agent failed to start (see HOME\\logs\\agent.log)"),
    INSECURE_SECRETS(11, "a secret file is readable by others; the agent refused to start"),
    BAD_HOME(12, "the agent home is missing or its configuration is invalid"),
    STOP_FAILED(13, "the agent did not stop cleanly");

    private final int code;
    private final String meaning;

    ServiceExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
