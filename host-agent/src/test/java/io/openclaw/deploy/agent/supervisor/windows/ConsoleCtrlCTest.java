package io.openclaw.deploy.agent.supervisor.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Ctrl+C to a loop's console (issue 15, item 4), against a fake console API. */
class ConsoleCtrlCTest {
    private static final int CTRL_CLOSE_EVENT = 2;
    private static final int CTRL_LOGOFF_EVENT = 5;
    private static final int CTRL_SHUTDOWN_EVENT = 6;

    private final FakeConsole console = new FakeConsole();
    private final ConsoleCtrlC ctrlC = new ConsoleCtrlC(console);

    @Test
    void aPermanentHandlerIsInPlaceBeforeTheFirstAttachAndIsNeverRemoved() {
        console.attachable = true;

        assertThat(ctrlC.send(42)).isTrue();
        assertThat(ctrlC.send(43)).isTrue();

        assertThat(console.calls).containsExactly("add handler", "attach 42", "ctrl-c", "free", "attach 43", "ctrl-c",
                "free");
    }

    @Test
    void aCtrlCThatReachesTheAgentAfterItDetachedIsHandledSoTheDefaultHandlerCannotEndTheService() {
        console.attachable = true;
        ctrlC.send(42);

        // Delivered late, on a thread of its own: the first handler that answers TRUE is the last that runs.
        assertThat(console.deliver(ConsoleSignals.CTRL_C_EVENT)).isTrue();
        assertThat(console.deliver(ConsoleSignals.CTRL_BREAK_EVENT)).isTrue();
        // Close, logoff and shutdown are not ours to swallow.
        assertThat(console.deliver(CTRL_CLOSE_EVENT)).isFalse();
        assertThat(console.deliver(CTRL_LOGOFF_EVENT)).isFalse();
        assertThat(console.deliver(CTRL_SHUTDOWN_EVENT)).isFalse();
    }

    @Test
    void anAgentWithAConsoleWindowOfItsOwnNeverAttaches() {
        console.window = true;

        assertThat(ctrlC.send(42)).isFalse();
        assertThat(console.calls).isEmpty();
    }

    @Test
    void aLoopWhoseConsoleCannotBeAttachedIsReportedAndNothingIsSent() {
        assertThat(ctrlC.send(42)).isFalse();
        assertThat(console.calls).containsExactly("add handler", "attach 42");
    }

    private static final class FakeConsole implements ConsoleSignals {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<Handler> handlers = new CopyOnWriteArrayList<>();
        volatile boolean window;
        volatile boolean attachable;

        @Override
        public boolean hasConsoleWindow() {
            return window;
        }

        @Override
        public boolean attach(long pid) {
            calls.add("attach " + pid);
            return attachable;
        }

        @Override
        public boolean generateCtrlC() {
            calls.add("ctrl-c");
            return true;
        }

        @Override
        public void free() {
            calls.add("free");
        }

        @Override
        public void addHandler(Handler handler) {
            calls.add("add handler");
            handlers.add(handler);
        }

        /** As Windows does: the handlers from the last registered to the first, until one returns TRUE. */
        boolean deliver(int type) {
            for (int i = handlers.size() - 1; i >= 0; i--) {
                if (handlers.get(i).handle(type)) {
                    return true;
                }
            }
            return false; // the default handler: ExitProcess
        }
    }
}
