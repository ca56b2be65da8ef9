package io.openclaw.deploy.agent.router;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Netty's native epoll transport where it loads (Linux x86_64), NIO elsewhere (Windows). Only epoll can take over a
 * listening socket from another process ({@link ProxyServer#startOn}), which is how a router is replaced without
 * refusing a connection.
 */
public enum Transport {
    EPOLL, NIO;

    /** The best transport of this machine; {@code -Dopenclaw.router.transport=nio} forces NIO. */
    public static Transport best() {
        boolean nio = "nio".equalsIgnoreCase(System.getProperty("openclaw.router.transport", ""));
        return !nio && Epoll.isAvailable() ? EPOLL : NIO;
    }

    IoHandlerFactory ioHandlers() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    Class<? extends SocketChannel> clientChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
