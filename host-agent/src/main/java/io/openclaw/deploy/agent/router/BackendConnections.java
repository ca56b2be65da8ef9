package io.openclaw.deploy.agent.router;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

/**
 * Where an exchange gets its backend connection and gives it back: {@link BackendConnectionPool} in the router, a
 * channel the test drives in the exchange's tests. Both methods must be called on the event loop the connection
 * belongs to. The connection's pipeline ends with a {@link BackendHandler} that receives decoded HTTP objects.
 */
interface BackendConnections {
    /** A connection to the backend on the given event loop, already connected, or the reason why none could be made. */
    Future<Channel> acquire(EventLoop loop, Backend backend);

    /** Returns a connection after an exchange; {@code reusable} when its last response left it ready for another. */
    void release(Channel ch, Backend backend, boolean reusable);
}
