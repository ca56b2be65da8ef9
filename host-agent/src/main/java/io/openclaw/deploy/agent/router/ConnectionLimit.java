package io.openclaw.deploy.agent.router;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the router's open client connections and refuses those beyond the limit. Each connection holds a file
 * descriptor (and a backend one while proxying); without a limit, enough idle or slow clients exhaust the agent's
 * descriptors and with them its journal, its API and every loop's traffic.
 */
final class ConnectionLimit {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimit(int max) {
        this.max = max;
    }

    /** @return whether {@code ch} may stay open; if so it is counted until it closes */
    boolean tryOpen(Channel ch) {
        int now;
        do {
            now = open.get();
            if (now >= max) {
                return false;
            }
        } while (!open.compareAndSet(now, now + 1));
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        return true;
    }

    int open() {
        return open.get();
    }
}
