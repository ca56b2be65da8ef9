package io.openclaw.deploy.agent.service;

/** Start, stop and failure notices for administrators: the Windows Event Log, or nothing where there is none. */
public interface ServiceEvents {
    void started(String detail);

    void stopped(String detail);

    void failed(String detail);

    ServiceEvents NONE = new ServiceEvents() {
        @Override
        public void started(String detail) {}

        @Override
        public void stopped(String detail) {}

        @Override
        public void failed(String detail) {}
    };
}
