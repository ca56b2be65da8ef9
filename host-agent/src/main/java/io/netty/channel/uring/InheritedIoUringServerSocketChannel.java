package io.netty.channel.uring;

import io.netty.channel.Channel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.ServerSocketChannelConfig;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * An io_uring server channel on a listening socket that another process handed over (OpenClaw's router replacing
 * itself). Netty's epoll transport has a public constructor for this ({@code new EpollServerSocketChannel(fd)}); its
 * io_uring transport has none, and the pieces it takes are package-private, hence this class in Netty's package (on
 * the class path, where split packages are allowed). It is compiled against the Netty version in the build, so a
 * change of those pieces fails the build rather than a router upgrade; RouterHandoverTest hands sockets between the
 * transports with real processes' sockets.
 *
 * <p>The socket is already bound and listening, so the channel starts active and is registered, never bound.
 */
public final class InheritedIoUringServerSocketChannel extends AbstractIoUringServerChannel
        implements ServerSocketChannel {
    private final IoUringServerSocketChannelConfig config;

    public InheritedIoUringServerSocketChannel(int listeningSocket) {
        super(new LinuxSocket(listeningSocket), true);
        this.config = new IoUringServerSocketChannelConfig(this);
    }

    @Override
    public ServerSocketChannelConfig config() {
        return config;
    }

    /** The accepted connection reads its peer's address from the socket rather than from the accept's memory. */
    @Override
    Channel newChildChannel(int fd, ByteBuffer acceptedAddressMemory) {
        return new IoUringSocketChannel(this, new LinuxSocket(fd));
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) super.remoteAddress();
    }
}
