package io.openclaw.deploy.agent.service;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent as a Windows service, independent of JNA: which status the SCM is told at each step of start, run and stop,
 * and what each control does. {@link #run} is ServiceMain's body; {@link #onControl} is the HandlerEx body (it returns
 * at once: the stop itself runs on ServiceMain's thread, as the handler must return within seconds).
 *
 * <p>Sequence: START_PENDING (check point growing while the agent starts) → RUNNING (accepts STOP, SHUTDOWN,
 * PRESHUTDOWN) → on one of those STOP_PENDING (check point growing while the router drains and the loops stop) →
 * STOPPED. A failed start goes straight to STOPPED with {@code ERROR_SERVICE_SPECIFIC_ERROR} and a {@link
 * ServiceExitCode}, which the SCM treats as a failure (failure actions apply).
 */
public final class ServiceLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceLifecycle.class);

    private final StatusReporter scm;
    private final ServiceEvents events;
    private final ServiceTiming timing;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "service-progress");
        t.setDaemon(true);
        return t;
    });

    private ServiceStatus current = new ServiceStatus(ServiceState.STOPPED, 0, 0, 0, 0, 0);
    private ScheduledFuture<?> progress;

    public ServiceLifecycle(StatusReporter scm, ServiceEvents events, ServiceTiming timing) {
        this.scm = scm;
        this.events = events;
        this.timing = timing;
    }

    /** Starts the agent, serves until a stop control, stops it; returns the exit code reported with STOPPED. */
    public ServiceExitCode run(AgentStarter starter) {
        try {
            enterPending(ServiceState.START_PENDING, timing.maxStart());
            AutoCloseable agent;
            try {
                agent = starter.start();
            } catch (AgentStarter.StartFailure e) {
                return stopAfterFailedStart(e.exitCode(), e.getMessage(), e);
            } catch (Exception | Error e) {
                return stopAfterFailedStart(ServiceExitCode.START_FAILED, String.valueOf(e.getMessage()), e);
            }
            boolean stopAtOnce;
            synchronized (this) {
                stopAtOnce = stopRequested.getCount() == 0;
                if (!stopAtOnce) {
                    cancelProgress();
                    report(ServiceStatus.running());
                }
            }
            events.started("OpenClaw agent started (pid " + ProcessHandle.current().pid() + ")");
            awaitStopRequest();
            enterPending(ServiceState.STOP_PENDING, timing.maxStop());
            ServiceExitCode exit = ServiceExitCode.OK;
            try {
                agent.close();
            } catch (Exception | Error e) {
                LOG.error("the agent did not stop cleanly", e);
                exit = ServiceExitCode.STOP_FAILED;
            }
            // Written before STOPPED: once the SCM has it, the process may end at any moment (and the SCM's own
            // 7024 event would come before ours).
            if (exit == ServiceExitCode.OK) {
                events.stopped("OpenClaw agent stopped");
            } else {
                events.failed("OpenClaw agent stopped with errors: " + exit.meaning());
            }
            finish(exit);
            return exit;
        } finally {
            ticker.shutdownNow();
        }
    }

    /**
     * HandlerEx: STOP, SHUTDOWN and PRESHUTDOWN start a graceful stop and report STOP_PENDING at once; INTERROGATE
     * repeats the current status; anything else is not implemented.
     *
     * @return the HandlerEx return value ({@code NO_ERROR} or {@code ERROR_CALL_NOT_IMPLEMENTED})
     */
    public int onControl(int control) {
        switch (control) {
            case ServiceControls.SERVICE_CONTROL_STOP,
                    ServiceControls.SERVICE_CONTROL_SHUTDOWN,
                    ServiceControls.SERVICE_CONTROL_PRESHUTDOWN -> {
                requestStop();
                return ServiceControls.NO_ERROR;
            }
            case ServiceControls.SERVICE_CONTROL_INTERROGATE -> {
                synchronized (this) {
                    scm.report(current);
                }
                return ServiceControls.NO_ERROR;
            }
            default -> {
                return ServiceControls.ERROR_CALL_NOT_IMPLEMENTED;
            }
        }
    }

    /** Asks for a graceful stop (a stop control, or Ctrl-C when run from a console); returns at once. */
    public void requestStop() {
        synchronized (this) {
            if (stopRequested.getCount() == 0) {
                return;
            }
            stopRequested.countDown();
            if (current.state() == ServiceState.RUNNING) {
                // Tell the SCM right away that the stop is under way; the stop itself runs on ServiceMain's thread.
                enterPending(ServiceState.STOP_PENDING, timing.maxStop());
            }
        }
    }

    /** The status last reported. */
    public synchronized ServiceStatus current() {
        return current;
    }

    private ServiceExitCode stopAfterFailedStart(ServiceExitCode exit, String message, Throwable cause) {
        LOG.error("the agent failed to start: {}", message, cause);
        events.failed("OpenClaw agent failed to start: " + message + " (" + exit.meaning() + ")"); // before STOPPED
        finish(exit);
        return exit;
    }

    private void awaitStopRequest() {
        boolean interrupted = false;
        while (true) {
            try {
                stopRequested.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // ServiceMain must not leave without reporting STOPPED
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void enterPending(ServiceState state, Duration budget) {
        if (current.state() == state) {
            return;
        }
        cancelProgress();
        report(ServiceStatus.pending(state, 1, waitHintMillis()));
        long ticks = Math.max(1, budget.toMillis() / timing.progressInterval().toMillis());
        long interval = timing.progressInterval().toMillis();
        progress = ticker.scheduleAtFixedRate(() -> tick(state, ticks), interval, interval, TimeUnit.MILLISECONDS);
    }

    private synchronized void tick(ServiceState state, long maxTicks) {
        if (current.state() != state) {
            return;
        }
        if (current.checkPoint() > maxTicks) {
            cancelProgress(); // past the budget: let the SCM's wait hint run out instead of pretending progress
            return;
        }
        report(ServiceStatus.pending(state, current.checkPoint() + 1, waitHintMillis()));
    }

    private synchronized void finish(ServiceExitCode exit) {
        cancelProgress();
        report(ServiceStatus.stopped(exit));
    }

    private void cancelProgress() {
        if (progress != null) {
            progress.cancel(false);
            progress = null;
        }
    }

    private int waitHintMillis() {
        return (int) Math.min(Integer.MAX_VALUE, timing.waitHint().toMillis());
    }

    private void report(ServiceStatus status) {
        current = status;
        try {
            scm.report(status);
        } catch (RuntimeException e) {
            LOG.warn("cannot report {} to the service control manager: {}", status.state(), e.getMessage());
        }
    }
}
