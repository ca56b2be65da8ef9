package io.openclaw.deploy.agent.runtime;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;

/**
 * A step of the agent's start that needs nothing from the steps before it, run on a thread of its own: a restarted
 * agent must be back in control within two seconds (issue 12), and on a two-core host steps that wait for the disk,
 * for a child process or for a key derivation overlap instead of adding up.
 *
 * @param <T> what the step makes
 */
public final class StartStep<T> {
    /** The step's work; it may fail with any exception, which {@link #join} then throws. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    private final FutureTask<T> task;

    private StartStep(FutureTask<T> task) {
        this.task = task;
    }

    /** Starts {@code work} now on a daemon thread named after the step. */
    public static <T> StartStep<T> begin(String name, Work<T> work) {
        StartStep<T> step = new StartStep<>(new FutureTask<>(work::run));
        Thread thread = new Thread(step.task, "agent-start-" + name);
        thread.setDaemon(true);
        thread.start();
        return step;
    }

    /** Waits for the step and returns what it made, or throws what it threw. */
    public T join() throws Exception {
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception failure) {
                throw failure;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /**
     * For a start that failed elsewhere: waits for this step and hands what it made to {@code release} (e.g. to close
     * it); a failure of the step itself is dropped, since the start's own failure is the one reported.
     */
    public void discard(Consumer<? super T> release) {
        try {
            release.accept(task.get());
        } catch (ExecutionException e) {
            // Nothing was made.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
