package io.openclaw.deploy.agent.flags;

/** Why an evaluation gave its value; the names are OFREP's. */
public enum Reason {
    /** No targeting and no split: everyone gets the same value. */
    STATIC,
    /** A rule's conditions matched the context. */
    TARGETING_MATCH,
    /** The sticky percentage bucket of the targeting key decided. */
    SPLIT,
    /** The flag is switched off. */
    DISABLED,
    /** The flag could not be evaluated for this context; see the error code. */
    ERROR
}
