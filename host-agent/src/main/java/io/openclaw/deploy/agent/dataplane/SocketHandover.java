package io.openclaw.deploy.agent.dataplane;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.channel.unix.DomainSocketReadMode;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

/**
 * Hands the router's listening socket to the router process that replaces it, the way HAProxy and Envoy do on Linux:
 * over a Unix domain socket, as an {@code SCM_RIGHTS} message. The kernel socket, with its queue of connections not
 * yet accepted, then belongs to both processes; the old one stops accepting and drains, the new one goes on, and no
 * connection is refused in between. Each router offers its socket on a path of its own (named by its pid, in
 * {@link RouterWire.ProcessRecord#handover()}), so that one router's clean-up never removes another's.
 */
final class SocketHandover implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private Channel server;

    private SocketHandover() {}

    /** Offers {@code listeningSocket} to whoever connects to {@code path} (owner-only directory). */
    static SocketHandover offer(Path path, IntSupplier listeningSocket) throws InterruptedException, IOException {
        Files.deleteIfExists(path);
        SocketHandover handover = new SocketHandover();
        handover.server = new ServerBootstrap()
                .group(handover.group)
                .channel(EpollServerDomainSocketChannel.class)
                .childHandler(new ChannelInitializer<DomainSocketChannel>() {
                    @Override
                    protected void initChannel(DomainSocketChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                ctx.writeAndFlush(new FileDescriptor(listeningSocket.getAsInt()))
                                        .addListener(ChannelFutureListener.CLOSE);
                            }
                        });
                    }
                })
                .bind(new DomainSocketAddress(path.toFile())).sync().channel();
        return handover;
    }

    /** Takes the listening socket another router offers at {@code path}; its file descriptor in this process. */
    static int take(Path path, Duration timeout) throws IOException, InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        CompletableFuture<Integer> received = new CompletableFuture<>();
        try {
            Channel ch = new Bootstrap()
                    .group(group)
                    .channel(EpollDomainSocketChannel.class)
                    .option(EpollChannelOption.DOMAIN_SOCKET_READ_MODE, DomainSocketReadMode.FILE_DESCRIPTORS)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            if (msg instanceof FileDescriptor fd) {
                                received.complete(fd.intValue());
                            }
                            ctx.close();
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            received.completeExceptionally(new IOException("the router at " + path
                                    + " closed the hand-over without a socket"));
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            received.completeExceptionally(cause);
                            ctx.close();
                        }
                    })
                    .connect(new DomainSocketAddress(path.toFile())).sync().channel();
            try {
                return received.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IOException("no listening socket from " + path + ": " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new IOException("no listening socket from " + path + " within " + timeout.toMillis() + " ms");
            } finally {
                ch.close();
            }
        } catch (Exception e) {
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw new IOException("cannot reach the router's hand-over socket " + path + ": " + e, e);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
