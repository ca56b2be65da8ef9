package io.openclaw.deploy.demo;

import io.openclaw.deploy.sample.Traffic;
import java.io.PrintStream;
import java.time.Duration;

/** Numbered progress lines ({@code [2/7] ...}) for the steps the chosen parts take. */
final class Steps {
    private final PrintStream out;
    private final int total;
    private int done;

    Steps(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    void next(String what) {
        out.println("[" + ++done + "/" + total + "] " + what);
    }

    /** Waits for {@code more} answers, so figures taken afterwards stand on traffic sent after an event. */
    static void awaitAnswers(Traffic traffic, long more) throws InterruptedException {
        if (!traffic.awaitMoreAnswers(more, Duration.ofSeconds(60))) {
            throw new IllegalStateException("traffic through the router stalled: " + traffic.routerFailures().size()
                    + " failure(s) so far");
        }
    }
}
