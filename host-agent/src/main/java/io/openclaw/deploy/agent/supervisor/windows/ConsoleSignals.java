package io.openclaw.deploy.agent.supervisor.windows;

/** The kernel32 console calls {@link ConsoleCtrlC} makes, as a seam ({@link Kernel32Console}; a fake in tests). */
public interface ConsoleSignals {
    /** A console control handler: {@code true} when it handled the event (then no later handler runs). */
    @FunctionalInterface
    interface Handler {
        boolean handle(int ctrlType);
    }

    int CTRL_C_EVENT = 0;
    int CTRL_BREAK_EVENT = 1;

    /** {@code GetConsoleWindow() != NULL}: this process has a console window of its own. */
    boolean hasConsoleWindow();

    /** {@code AttachConsole(pid)}. */
    boolean attach(long pid);

    /** {@code GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0)}: every process attached to the current console gets it. */
    boolean generateCtrlC();

    /** {@code FreeConsole()}. */
    void free();

    /** {@code SetConsoleCtrlHandler(handler, TRUE)}; the handler stays registered for the life of the process. */
    void addHandler(Handler handler);
}
