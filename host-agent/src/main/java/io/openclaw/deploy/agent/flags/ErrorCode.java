package io.openclaw.deploy.agent.flags;

/** OFREP's evaluation error codes. */
public enum ErrorCode {
    FLAG_NOT_FOUND,
    TARGETING_KEY_MISSING,
    PARSE_ERROR,
    INVALID_CONTEXT,
    GENERAL
}
