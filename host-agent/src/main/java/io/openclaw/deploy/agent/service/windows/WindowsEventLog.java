package io.openclaw.deploy.agent.service.windows;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.WinNT;
import io.openclaw.deploy.agent.service.ServiceEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ServiceEvents} written to the Application event log with ReportEvent (source registered at install). */
public final class WindowsEventLog implements ServiceEvents {
    private static final Logger LOG = LoggerFactory.getLogger(WindowsEventLog.class);
    static final int EVENT_STARTED = 1000;
    static final int EVENT_STOPPED = 1001;
    static final int EVENT_FAILED = 1002;

    private final String source;

    public WindowsEventLog(String source) {
        this.source = source;
    }

    @Override
    public void started(String detail) {
        write(WinNT.EVENTLOG_INFORMATION_TYPE, EVENT_STARTED, detail);
    }

    @Override
    public void stopped(String detail) {
        write(WinNT.EVENTLOG_INFORMATION_TYPE, EVENT_STOPPED, detail);
    }

    @Override
    public void failed(String detail) {
        write(WinNT.EVENTLOG_ERROR_TYPE, EVENT_FAILED, detail);
    }

    private void write(int type, int eventId, String text) {
        WinNT.HANDLE log = Advapi32.INSTANCE.RegisterEventSource(null, source);
        if (log == null) {
            LOG.warn("cannot open the event log source {}; not logged there: {}", source, text);
            return;
        }
        try {
            if (!Advapi32.INSTANCE.ReportEvent(log, type, 0, eventId, null, 1, 0, new String[] {text}, null)) {
                LOG.warn("ReportEvent failed; not logged in the event log: {}", text);
            }
        } finally {
            Advapi32.INSTANCE.DeregisterEventSource(log);
        }
    }
}
