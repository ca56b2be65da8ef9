package io.openclaw.deploy.agent.supervisor;

import io.openclaw.deploy.agent.release.ShutdownRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a process and everything it started, all within the stop timeout: the loop's HTTP shutdown request if it
 * declares one, then the platform's signal, then the whole tree is killed. Returns only when the process and every
 * descendant seen along the way are gone.
 *
 * <p>Order, and why: the HTTP request comes first because it is the loop's own contract (it can finish in-flight work
 * and exit 0) and the only polite way that works on Windows for a loop without a console. A loop that accepted it
 * (2xx) gets three quarters of the budget to exit undisturbed; a signal sent at once would start its runtime's
 * shutdown in the middle of that work. If it is still there, the signal (SIGTERM on POSIX, so its shutdown hooks run)
 * gets the last quarter. A loop that refused the request, did not answer, or declares none gets the signal at once
 * and the whole budget. After the budget, the tree is killed (a Job Object on Windows).
 *
 * <p>Descendants are listed before the process is asked to exit, because once it is gone the OS re-parents them and
 * {@link ProcessHandle#descendants()} no longer finds them. {@link ProcessHandle}s keep the start time, so a handle
 * never kills an unrelated process that reused a pid.
 */
final class ProcessTreeStopper {
    /** A forcibly killed process is gone in milliseconds; this only bounds a kernel that is very slow to reap. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(15);

    private final ProcessControl control;
    private final HttpShutdownCall http = new HttpShutdownCall();

    ProcessTreeStopper(ProcessControl control) {
        this.control = control;
    }

    /** Which way the process ended. */
    enum Method {
        /** It exited after its HTTP shutdown request. */
        HTTP,
        /** It exited after the platform's request (SIGTERM, console control event). */
        SIGNAL,
        /** It did not exit in time (or could not be asked) and its tree was killed. */
        KILLED,
        /** It was gone before anything was asked. */
        ALREADY_GONE;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /** What happened, for the STOPPED event and the log. */
    record Outcome(Method method, int killedProcesses, String detail) {}

    /** @param port the instance's port, where {@code shutdown}'s request goes */
    Outcome stop(ProcessHandle root, int port, ShutdownRequest shutdown, Duration stopTimeout)
            throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + stopTimeout.toNanos();
        Set<ProcessHandle> tree = new LinkedHashSet<>(root.descendants().toList());
        if (!root.isAlive()) {
            return finish(root, tree, Method.ALREADY_GONE, false, deadline, stopTimeout, started, List.of());
        }
        List<String> notes = new ArrayList<>();
        Method exitedBy = null;
        boolean httpAccepted = false;
        if (shutdown.isHttp()) {
            HttpShutdownCall.Answer answer = http.send(port, shutdown.httpPath(), remaining(deadline));
            notes.add(answer.detail());
            httpAccepted = answer.accepted();
            Duration httpShare = remaining(deadline).minus(stopTimeout.dividedBy(4));
            // A loop may also close the connection while exiting before its answer is complete: it went either way.
            if ((httpAccepted && awaitExit(root, httpShare)) || !root.isAlive()) {
                exitedBy = Method.HTTP;
            }
        }
        boolean signalled = false;
        if (exitedBy == null) {
            tree.addAll(root.descendants().toList());
            signalled = control.askToExit(root);
            if (!signalled) {
                notes.add("no signal can be sent here");
            }
            // After an accepted request the loop keeps the rest of the budget even where no signal can be sent.
            if ((signalled || httpAccepted) && awaitExit(root, remaining(deadline))) {
                exitedBy = signalled ? Method.SIGNAL : Method.HTTP;
            }
        }
        if (root.isAlive()) {
            tree.addAll(root.descendants().toList());
        }
        return finish(root, tree, exitedBy == null ? Method.KILLED : exitedBy, signalled || httpAccepted, deadline,
                stopTimeout, started, notes);
    }

    private Outcome finish(ProcessHandle root, Set<ProcessHandle> tree, Method method, boolean asked, long deadline,
            Duration stopTimeout, long started, List<String> notes) throws InterruptedException {
        boolean rootExited = method != Method.KILLED;
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
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        String how = switch (method) {
            case HTTP -> "stopped by http: exited " + millis + " ms after its shutdown request";
            case SIGNAL -> "stopped by signal: exited after being asked";
            case ALREADY_GONE -> "was already gone";
            case KILLED -> asked ? "killed: did not exit within " + stopTimeout : "killed: cannot be asked to exit here";
        };
        String detail = how
                + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")")
                + (toKill.isEmpty() ? "" : "; " + toKill.size() + " process(es) of its tree killed")
                + (lingering.isEmpty() ? "" : "; still listed after kill: " + lingering);
        return new Outcome(method, toKill.size(), detail);
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
        if (timeout.isNegative() || timeout.isZero()) {
            return false;
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
