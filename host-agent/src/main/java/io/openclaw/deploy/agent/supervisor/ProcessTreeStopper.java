package io.openclaw.deploy.agent.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a process and everything it started: ask the process to exit, give it until the stop timeout, then kill the
 * whole tree. Returns only when the process and every descendant seen along the way are gone.
 *
 * <p>Descendants are listed before the process is asked to exit, because once it is gone the OS re-parents them and
 * {@link ProcessHandle#descendants()} no longer finds them. {@link ProcessHandle}s keep the start time, so a handle
 * never kills an unrelated process that reused a pid.
 */
final class ProcessTreeStopper {
    /** A forcibly killed process is gone in milliseconds; this only bounds a kernel that is very slow to reap. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(15);

    private final ProcessControl control;

    ProcessTreeStopper(ProcessControl control) {
        this.control = control;
    }

    /** What happened, for the STOPPED event and the log. */
    record Outcome(boolean graceful, int killedProcesses, String detail) {}

    Outcome stop(ProcessHandle root, Duration stopTimeout) throws InterruptedException {
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        Set<ProcessHandle> tree = new LinkedHashSet<>(root.descendants().toList());
        boolean asked = root.isAlive() && control.askToExit(root);
        boolean rootExited = !root.isAlive() || (asked && awaitExit(root, remaining(deadline)));
        if (root.isAlive()) {
            tree.addAll(root.descendants().toList());
        }
        List<ProcessHandle> survivors = alive(tree);
        if (rootExited && !survivors.isEmpty()) {
            // The process left children behind: give them the rest of the budget to exit the same way.
            survivors.forEach(control::askToExit);
            for (ProcessHandle survivor : survivors) {
                awaitExit(survivor, remaining(deadline));
            }
            survivors = alive(survivors);
        }
        List<ProcessHandle> toKill = new ArrayList<>(survivors);
        if (!rootExited) {
            toKill.add(root); // children first, so that none is re-parented while we work
        }
        toKill.forEach(control::kill);
        List<Long> lingering = new ArrayList<>();
        for (ProcessHandle process : toKill) {
            if (!awaitExit(process, KILL_WAIT)) {
                lingering.add(process.pid()); // e.g. a zombie nobody reaps yet; it runs no code any more
            }
        }
        String how = rootExited ? (asked ? "exited after being asked" : "was already gone")
                : asked ? "did not exit within " + stopTimeout + ", killed" : "cannot be asked to exit here, killed";
        String detail = how
                + (toKill.isEmpty() ? "" : "; " + toKill.size() + " process(es) of its tree killed")
                + (lingering.isEmpty() ? "" : "; still listed after kill: " + lingering);
        return new Outcome(rootExited && asked, toKill.size(), detail);
    }

    private static List<ProcessHandle> alive(Iterable<ProcessHandle> processes) {
        List<ProcessHandle> alive = new ArrayList<>();
        processes.forEach(p -> {
            if (p.isAlive()) {
                alive.add(p);
            }
        });
        return alive;
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) throws InterruptedException {
        if (!process.isAlive()) {
            return true;
        }
        try {
            process.onExit().get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }
}
