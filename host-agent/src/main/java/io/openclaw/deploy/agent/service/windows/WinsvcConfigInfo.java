package io.openclaw.deploy.agent.service.windows;

import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Winsvc;

/**
 * ChangeServiceConfig2 structures jna-platform does not define (absent from 5.17.0's {@code Winsvc}); layouts from
 * Microsoft's winsvc.h: a single BOOL / DWORD, 4 bytes each.
 */
public final class WinsvcConfigInfo {
    private WinsvcConfigInfo() {}

    /** SERVICE_DELAYED_AUTO_START_INFO, level SERVICE_CONFIG_DELAYED_AUTO_START_INFO (3). */
    @Structure.FieldOrder("fDelayedAutostart")
    public static class SERVICE_DELAYED_AUTO_START_INFO extends Winsvc.ChangeServiceConfig2Info {
        public int fDelayedAutostart;

        public SERVICE_DELAYED_AUTO_START_INFO() {}

        public SERVICE_DELAYED_AUTO_START_INFO(boolean delayed) {
            fDelayedAutostart = delayed ? 1 : 0;
        }
    }

    /** SERVICE_PRESHUTDOWN_INFO, level SERVICE_CONFIG_PRESHUTDOWN_INFO (7): how long a shutdown waits for the stop. */
    @Structure.FieldOrder("dwPreshutdownTimeout")
    public static class SERVICE_PRESHUTDOWN_INFO extends Winsvc.ChangeServiceConfig2Info {
        public int dwPreshutdownTimeout;

        public SERVICE_PRESHUTDOWN_INFO() {}

        public SERVICE_PRESHUTDOWN_INFO(int timeoutMillis) {
            dwPreshutdownTimeout = timeoutMillis;
        }
    }
}
