package io.openclaw.deploy.agent.rollout;

import java.time.Duration;

/**
 * What a person asked of a running deployment (pause, resume, promote, abort), and the wake-up of a phase waiting
 * for its next check, so that abort and promote act at once rather than at the next interval.
 */
final class RolloutControl {
    /** Who asked for an abort or a promotion, and their words; null while nobody has. */
    record Request(String by, String reason) {
        /** The one wording of an abort, as a deployment's reason: {@code aborted by alice: bad numbers}. */
        String abortReason() {
            return "aborted by " + by + (reason == null ? "" : ": " + reason);
        }
    }

    /** What has been asked so far, read at once: the input of a rollout decision. */
    record Requests(boolean paused, Request abort, Request promote) {
        static final Requests NONE = new Requests(false, null, null);
    }

    private final long acceptedNanos = System.nanoTime();
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

    synchronized Requests requests() {
        return new Requests(paused, abort, promote);
    }

    /** Time since the deployment was accepted (this control is made with it), on the monotonic clock. */
    Duration sinceAccepted() {
        return Duration.ofNanos(System.nanoTime() - acceptedNanos);
    }

    /** Waits up to {@code timeout}, returning early when anything is asked. */
    @SuppressWarnings("ReferenceEquality") // a new request is a new object, even with equal fields
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
