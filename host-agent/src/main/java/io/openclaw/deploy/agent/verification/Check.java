package io.openclaw.deploy.agent.verification;

/** One item of the checklist. */
interface Check {
    /** The item's stable id (see {@link io.openclaw.deploy.protocol.VerificationItem#check()}). */
    String id();

    /** The checklist's words for it. */
    String title();

    Finding run(VerificationRun run) throws InterruptedException;
}
