package io.openclaw.deploy.protocol.testing;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty reported a leaked buffer (or other tracked resource) by its end. Registered for every test
 * of the modules whose surefire configuration turns on extension auto-detection and {@link RecordingLeakDetector};
 * elsewhere (an IDE run without those properties) it does nothing.
 *
 * <p>A leak is seen only once the leaked object is garbage-collected, so it is blamed on the test during or after
 * which that happened: usually the test that leaked it, or the one right after it when an event loop let go of it
 * late. The report's access records point at the code either way. The check after all tests of a class catches
 * what {@code @AfterAll} fixtures (a shared router, a shared client) leaked.
 */
public final class NettyLeakCheck implements AfterEachCallback, AfterAllCallback {
    private static long trackedAtLastCheck = -1;

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        check(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        check(context);
    }

    private static synchronized void check(ExtensionContext context) throws InterruptedException {
        if (!RecordingLeakDetector.installed()) {
            return;
        }
        long tracked = RecordingLeakDetector.tracked();
        if (tracked == trackedAtLastCheck) {
            return; // no Netty resource was created since the last check: spare the garbage collection
        }
        trackedAtLastCheck = tracked;
        List<String> leaks = RecordingLeakDetector.collectAndDrain();
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty reported " + leaks.size() + " leak(s) by the end of "
                    + context.getUniqueId() + ":\n" + String.join("\n", leaks));
        }
    }
}
