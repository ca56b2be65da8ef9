package io.openclaw.deploy.agent.supervisor.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

/**
 * kernel32 functions jna-platform does not bind (checked against jna-platform 5.17.0: no Job Object API, no
 * SetConsoleCtrlHandler). Signatures from Microsoft's jobapi2.h / consoleapi.h; with {@link W32APIOptions#DEFAULT_OPTIONS}
 * JNA calls the {@code W} variants of the string functions.
 */
public interface JobObjectApi extends StdCallLibrary {
    int JOB_OBJECT_QUERY = 0x0004;
    int JOB_OBJECT_TERMINATE = 0x0008;
    int JOB_OBJECT_ASSIGN_PROCESS = 0x0001;
    int JOB_OBJECT_SET_ATTRIBUTES = 0x0002;
    /** JOBOBJECTINFOCLASS JobObjectExtendedLimitInformation. */
    int JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9;
    int JOB_OBJECT_LIMIT_BREAKAWAY_OK = 0x0800;
    int JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK = 0x1000;
    /** Never set by the agent: the loops must outlive it. */
    int JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000;

    /** Loaded on first use only, so that merely referring to this interface works on every OS. */
    static JobObjectApi load() {
        return Native.load("kernel32", JobObjectApi.class, W32APIOptions.DEFAULT_OPTIONS);
    }

    WinNT.HANDLE CreateJobObject(WinBase.SECURITY_ATTRIBUTES jobAttributes, String name);

    WinNT.HANDLE OpenJobObject(int desiredAccess, boolean inheritHandle, String name);

    boolean AssignProcessToJobObject(WinNT.HANDLE job, WinNT.HANDLE process);

    boolean TerminateJobObject(WinNT.HANDLE job, int exitCode);

    boolean SetInformationJobObject(WinNT.HANDLE job, int infoClass, Structure info, int length);

    boolean QueryInformationJobObject(WinNT.HANDLE job, int infoClass, Structure info, int length, Pointer returned);

    /** PHANDLER_ROUTINE: {@code BOOL WINAPI HandlerRoutine(DWORD dwCtrlType)}. */
    interface HandlerRoutine extends StdCallCallback {
        boolean callback(int ctrlType);
    }

    /** Registers {@code handler} ({@link ConsoleCtrlC} never passes NULL: that flag is inherited by children). */
    boolean SetConsoleCtrlHandler(HandlerRoutine handler, boolean add);

    /** JOBOBJECT_BASIC_LIMIT_INFORMATION (64 bytes on x64). */
    @Structure.FieldOrder({"PerProcessUserTimeLimit", "PerJobUserTimeLimit", "LimitFlags", "MinimumWorkingSetSize",
        "MaximumWorkingSetSize", "ActiveProcessLimit", "Affinity", "PriorityClass", "SchedulingClass"})
    class JOBOBJECT_BASIC_LIMIT_INFORMATION extends Structure {
        public long PerProcessUserTimeLimit;
        public long PerJobUserTimeLimit;
        public int LimitFlags;
        public BaseTSD.SIZE_T MinimumWorkingSetSize = new BaseTSD.SIZE_T();
        public BaseTSD.SIZE_T MaximumWorkingSetSize = new BaseTSD.SIZE_T();
        public int ActiveProcessLimit;
        public BaseTSD.ULONG_PTR Affinity = new BaseTSD.ULONG_PTR();
        public int PriorityClass;
        public int SchedulingClass;
    }

    /** JOBOBJECT_EXTENDED_LIMIT_INFORMATION (144 bytes on x64). */
    @Structure.FieldOrder({"BasicLimitInformation", "IoInfo", "ProcessMemoryLimit", "JobMemoryLimit",
        "PeakProcessMemoryUsed", "PeakJobMemoryUsed"})
    class JOBOBJECT_EXTENDED_LIMIT_INFORMATION extends Structure {
        public JOBOBJECT_BASIC_LIMIT_INFORMATION BasicLimitInformation = new JOBOBJECT_BASIC_LIMIT_INFORMATION();
        public WinNT.IO_COUNTERS IoInfo = new WinNT.IO_COUNTERS();
        public BaseTSD.SIZE_T ProcessMemoryLimit = new BaseTSD.SIZE_T();
        public BaseTSD.SIZE_T JobMemoryLimit = new BaseTSD.SIZE_T();
        public BaseTSD.SIZE_T PeakProcessMemoryUsed = new BaseTSD.SIZE_T();
        public BaseTSD.SIZE_T PeakJobMemoryUsed = new BaseTSD.SIZE_T();
    }
}
