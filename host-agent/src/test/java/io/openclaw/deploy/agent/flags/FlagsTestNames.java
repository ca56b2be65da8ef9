package io.openclaw.deploy.agent.flags;

final class FlagsTestNames {
    /** The flag the sample loop reads unless SAMPLE_FLAG says otherwise. */
    static final String SAMPLE_FLAG = "sample_feature";

    private FlagsTestNames() {}
}
