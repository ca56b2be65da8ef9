package io.openclaw.deploy.agent.router;

/** The {@code status_class} label: the backend's status family, or {@code error} when the router answered itself. */
enum StatusClass {
    SUCCESS("2xx"),
    REDIRECTION("3xx"),
    CLIENT_ERROR("4xx"),
    SERVER_ERROR("5xx"),
    ROUTER_ERROR("error");

    private final String label;

    StatusClass(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    static StatusClass ofBackendStatus(int status) {
        if (status >= 500) {
            return SERVER_ERROR;
        }
        if (status >= 400) {
            return CLIENT_ERROR;
        }
        if (status >= 300) {
            return REDIRECTION;
        }
        return SUCCESS;
    }
}
