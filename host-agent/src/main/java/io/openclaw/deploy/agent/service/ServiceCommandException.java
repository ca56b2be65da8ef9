package io.openclaw.deploy.agent.service;

/** A service command that could not be done, with the exit status the command line returns for it. */
public final class ServiceCommandException extends Exception {
    /** Each failure has its own exit status, so scripts can tell them apart. */
    public enum Kind {
        NOT_ELEVATED(3, "run it from an elevated prompt (Run as administrator) or as root"),
        ALREADY_INSTALLED(4, "uninstall it first: openclaw-agent service uninstall"),
        NOT_INSTALLED(5, "install it first: openclaw-agent service install --home DIR"),
        TIMEOUT(6, "see HOME/logs/agent.log and the event log; 'service status' shows where it stands"),
        FAILED(7, "see the message above"),
        /** Registered, but the account may not log on as a service: it will not start until someone grants that. */
        LOGON_RIGHT_NOT_GRANTED(8, "grant it by hand (secpol.msc: Local Policies > User Rights Assignment > Log on as"
                + " a service, or Group Policy), then: openclaw-agent service start");

        private final int exitCode;
        private final String hint;

        Kind(int exitCode, String hint) {
            this.exitCode = exitCode;
            this.hint = hint;
        }

        public int exitCode() {
            return exitCode;
        }

        public String hint() {
            return hint;
        }
    }

    private final Kind kind;

    public ServiceCommandException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ServiceCommandException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
