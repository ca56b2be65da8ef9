package io.openclaw.deploy.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What tells a process apart from a later one that got its pid: the pid, the start time the JDK reports, and on Linux
 * the start as "boot id/clock ticks since boot".
 *
 * <p>The ticks are there because on Linux the JDK's start time is the boot time by the wall clock plus the ticks: a
 * clock set since (an NTP step) moves the start another process reads for the same process by as much, so the agent
 * restarted after it would take its own loops for strangers. Ticks since boot do not move, and the boot id keeps a
 * process of an earlier boot from matching. On Windows the start time is the kernel's creation time, which setting
 * the clock does not change; there the start time alone, within {@link #START_TOLERANCE}, decides.
 *
 * @param pid       the process id
 * @param start     the start time the JDK reported when the process was recorded
 * @param bootTicks Linux: "boot id/start ticks" from {@code /proc}; null where the OS has none, or in a record
 *                  written before this field existed
 */
public record ProcessIdentity(long pid, Instant start, String bootTicks) {
    /**
     * Largest accepted difference between a recorded and an observed start time when no boot ticks decide. The JDK on
     * Linux knows the boot time only to the second and two agent processes can read it a second apart.
     */
    public static final Duration START_TOLERANCE = Duration.ofSeconds(2);

    private static final Path PROC = Path.of("/proc");

    /** The identity of a process now; its start time is "now" if the OS does not say (the process is gone). */
    public static ProcessIdentity of(ProcessHandle process) {
        return new ProcessIdentity(process.pid(), process.info().startInstant().orElseGet(Instant::now),
                bootTicksOf(process.pid()).orElse(null));
    }

    /**
     * Whether {@code running} is the process recorded here: same pid and, where both sides have boot ticks, the same
     * ticks; otherwise a start time within {@link #START_TOLERANCE}.
     */
    public boolean isSameProcessAs(ProcessHandle running) {
        if (running.pid() != pid) {
            return false;
        }
        if (bootTicks != null) {
            Optional<String> now = bootTicksOf(pid);
            if (now.isPresent()) {
                return now.get().equals(bootTicks);
            }
        }
        return running.info().startInstant()
                .map(actual -> Duration.between(actual, start).abs().compareTo(START_TOLERANCE) <= 0)
                .orElse(false);
    }

    /** Linux: "boot id/start ticks" of {@code pid}; empty elsewhere or when the process is gone. */
    static Optional<String> bootTicksOf(long pid) {
        return BootId.VALUE.flatMap(boot -> startTicks(pid).map(ticks -> boot + "/" + ticks));
    }

    private static Optional<String> startTicks(long pid) {
        try {
            return startTicksIn(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The starttime field of a {@code /proc/<pid>/stat} line. */
    static Optional<String> startTicksIn(String stat) {
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields are counted from the last ')'.
        // starttime is field 22 of proc(5); the first after ')' is field 3.
        int commEnd = stat.lastIndexOf(')');
        if (commEnd < 0 || commEnd + 2 > stat.length()) {
            return Optional.empty();
        }
        String[] fields = stat.substring(commEnd + 2).trim().split(" ");
        return fields.length > 19 && fields[19].chars().allMatch(Character::isDigit)
                ? Optional.of(fields[19]) : Optional.empty();
    }

    /** Read once: it changes only with a reboot. */
    private static final class BootId {
        static final Optional<String> VALUE = read();

        private static Optional<String> read() {
            try {
                return Optional.of(Files.readString(PROC.resolve("sys/kernel/random/boot_id")).trim())
                        .filter(id -> !id.isEmpty());
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
