package io.openclaw.deploy.agent.supervisor.windows;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends CTRL_C_EVENT to a loop's console. {@code GenerateConsoleCtrlEvent} reaches every process attached to that
 * console, the agent included, and it is delivered later, on a thread of its own, possibly after we have detached.
 * So the agent registers, once and for good, a handler that answers Ctrl+C and Ctrl+Break with TRUE: otherwise the
 * default handler would {@code ExitProcess} the service in the middle of its stop ({@code -Xrs} leaves no JVM
 * handler). The former {@code SetConsoleCtrlHandler(NULL, TRUE/FALSE)} pair could not do this: undone right after
 * {@code FreeConsole}, it let a late event through, and while set it was inherited by every loop launched meanwhile
 * as "ignore Ctrl+C". Other events (close, logoff, shutdown) are left to the next handler, as before.
 */
public final class ConsoleCtrlC {
    private final ConsoleSignals console;
    private final AtomicBoolean handlerInstalled = new AtomicBoolean();
    // Referenced for as long as this object lives: native code calls it.
    private final ConsoleSignals.Handler ignoreInterrupts =
            type -> type == ConsoleSignals.CTRL_C_EVENT || type == ConsoleSignals.CTRL_BREAK_EVENT;

    public ConsoleCtrlC(ConsoleSignals console) {
        this.console = console;
    }

    /** @return whether the event was generated on the console of {@code pid} */
    public synchronized boolean send(long pid) {
        // Attaching means leaving one's own console for good, which would cut an interactive 'serve' off its window.
        if (console.hasConsoleWindow()) {
            return false;
        }
        if (handlerInstalled.compareAndSet(false, true)) {
            console.addHandler(ignoreInterrupts);
        }
        if (!console.attach(pid)) {
            return false; // gone, no console, or access denied
        }
        try {
            return console.generateCtrlC();
        } finally {
            console.free();
        }
    }
}
