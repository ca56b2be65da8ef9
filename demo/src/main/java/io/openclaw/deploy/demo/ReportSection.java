package io.openclaw.deploy.demo;

import java.io.PrintStream;

/** The figures of one part of the demo, as lines of its report. */
interface ReportSection {
    void print(PrintStream out);

    /** True when the part ended the way it shows: a wrong ending makes the demo exit 1. */
    boolean asExpected();
}
