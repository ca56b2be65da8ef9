package io.openclaw.deploy.protocol;

/** The verdict on one item of a verification report. */
public enum VerificationVerdict {
    PASS,
    /** Outside its threshold, but the item is configured to warn only: the report still passes. */
    WARN,
    FAIL
}
