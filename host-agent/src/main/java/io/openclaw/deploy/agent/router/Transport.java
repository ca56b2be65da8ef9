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
import io.netty.channel.uring.InheritedIoUringServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the router's sockets talk to the kernel. On Linux, Netty's io_uring transport where the kernel allows it (it
 * took 16-24 % less CPU per request than epoll and served 16-19 % more requests per second on the 2-core benchmark
 * machine, docs/performance.md), else epoll; NIO elsewhere (Windows). The two Linux transports can take over a listening socket
 * from another process ({@link ProxyServer#startOn}), which is how a router is replaced without refusing a connection;
 * either can take it from either, so a router of an older build on epoll hands over to a new one on io_uring.
 */
public enum Transport {
    IO_URING, EPOLL, NIO;

    /** The system property that chooses a transport instead of {@link #best()}: io_uring, epoll or nio. */
    public static final String PROPERTY = "openclaw.router.transport";

    /**
     * The best transport of this machine, unless {@value #PROPERTY} names another; one that is not available here
     * (io_uring disabled by the kernel or a seccomp profile, epoll off Linux) falls back to the next best.
     */
    public static Transport best() {
        List<Transport> preferred = switch (System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT)) {
            case "nio" -> List.of(NIO);
            case "epoll" -> List.of(EPOLL, NIO);
            default -> List.of(IO_URING, EPOLL, NIO);
        };
        return preferred.stream().filter(Transport::isAvailable).findFirst().orElse(NIO);
    }

    /** Whether this machine can run the transport. */
    public boolean isAvailable() {
        return switch (this) {
            case IO_URING -> IoUring.isAvailable();
            case EPOLL -> Epoll.isAvailable();
            case NIO -> true;
        };
    }

    /** How logs and messages name it: io_uring, epoll, nio. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a router on this transport can serve a listening socket another process hands it. */
    public boolean canTakeOverListeningSocket() {
        return this != NIO;
    }

    IoHandlerFactory ioHandlers() {
        return switch (this) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    Class<? extends ServerChannel> serverChannel() {
        return switch (this) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    Class<? extends SocketChannel> clientChannel() {
        return switch (this) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    /** A server channel on a listening socket this process was handed (its file descriptor). */
    ServerChannel serverChannelOn(int listeningSocket) {
        return switch (this) {
            case IO_URING -> new InheritedIoUringServerSocketChannel(listeningSocket);
            case EPOLL -> new EpollServerSocketChannel(listeningSocket);
            case NIO -> throw new IllegalStateException("the NIO transport cannot take over a listening socket");
        };
    }

    /** The file descriptor of a server channel of a Linux transport, to hand over; empty for NIO. */
    static Optional<Integer> listeningSocketOf(ServerChannel channel) {
        if (channel instanceof EpollServerSocketChannel epoll) {
            return Optional.of(epoll.fd().intValue());
        }
        if (channel instanceof IoUringServerSocketChannel uring) {
            return Optional.of(uring.fd().intValue());
        }
        if (channel instanceof InheritedIoUringServerSocketChannel uring) {
            return Optional.of(uring.fd().intValue());
        }
        return Optional.empty();
    }
}
