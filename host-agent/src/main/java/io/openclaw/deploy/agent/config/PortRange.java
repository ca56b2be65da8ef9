package io.openclaw.deploy.agent.config;

import java.util.stream.IntStream;

/** An inclusive range of TCP ports. */
public record PortRange(int first, int last) {
    public PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("invalid port range [" + first + ", " + last + "]");
        }
    }

    public int size() {
        return last - first + 1;
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    public IntStream ports() {
        return IntStream.rangeClosed(first, last);
    }
}
