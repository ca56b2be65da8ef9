package io.openclaw.deploy.agent.verification;

import java.io.IOException;

/** The agent's own {@code /metrics}, as text in the Prometheus exposition format. */
@FunctionalInterface
public interface MetricsScrape {
    String scrape() throws IOException;
}
