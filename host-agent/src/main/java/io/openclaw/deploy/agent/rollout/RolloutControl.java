package io.openclaw.deploy.agent.rollout;

import java.time.Duration;

/**
 * What a person asked of a running deployment (pause, resume, promote, abort), and the wake-up of a phase waiting
 * for its next check, so that abort and promote act at once rather than at the next interval.
 */
final class RolloutControl {
    /** Who asked for an abort or a promotion, and their words; null while nobody has. */
    record Request(String by, String reason) {}

    private boolean paused;
    private Request abort;
    private Request promote;

    synchronized void pause() {
        paused = true;
        notifyAll();
    }

    synchronized void resume() {
        paused = false;
        notifyAll();
    }

    synchronized void abort(String by, String reason) {
        abort = new Request(by, reason);
        notifyAll();
    }

    synchronized void promote(String by) {
        promote = new Request(by, null);
        notifyAll();
    }

    synchronized boolean paused() {
        return paused;
    }

    synchronized Request abortRequest() {
        return abort;
    }

    synchronized Request promoteRequest() {
        return promote;
    }

    /** Waits up to {@code timeout}, returning early when anything is asked. */
    synchronized void await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean wasPaused = paused;
        Request abortBefore = abort;
        Request promoteBefore = promote;
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            if (abort != abortBefore || promote != promoteBefore || paused != wasPaused) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
