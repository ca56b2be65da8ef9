package io.openclaw.deploy.agent.supervisor.windows;

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Wincon;
import java.util.ArrayList;
import java.util.List;

/** {@link ConsoleSignals} through kernel32 (jna-platform, plus {@link JobObjectApi#SetConsoleCtrlHandler}). */
final class Kernel32Console implements ConsoleSignals {
    private final JobObjectApi api;
    // Native code keeps only a function pointer: the callbacks must stay reachable from here.
    private final List<JobObjectApi.HandlerRoutine> registered = new ArrayList<>();

    Kernel32Console(JobObjectApi api) {
        this.api = api;
    }

    @Override
    public boolean hasConsoleWindow() {
        return Kernel32.INSTANCE.GetConsoleWindow() != null;
    }

    @Override
    public boolean attach(long pid) {
        return Kernel32.INSTANCE.AttachConsole((int) pid);
    }

    @Override
    public boolean generateCtrlC() {
        return Kernel32.INSTANCE.GenerateConsoleCtrlEvent(Wincon.CTRL_C_EVENT, 0);
    }

    @Override
    public void free() {
        Kernel32.INSTANCE.FreeConsole();
    }

    @Override
    public synchronized void addHandler(Handler handler) {
        JobObjectApi.HandlerRoutine routine = handler::handle;
        registered.add(routine);
        if (!api.SetConsoleCtrlHandler(routine, true)) {
            throw new IllegalStateException("SetConsoleCtrlHandler failed, error " + Kernel32.INSTANCE.GetLastError());
        }
    }
}
