package io.openclaw.deploy.agent.router;

/** Where pooled connections go; two instances on the same host and port share connections. */
record BackendAddress(String host, int port) {
    static BackendAddress of(Backend backend) {
        return new BackendAddress(backend.host(), backend.port());
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
