package io.openclaw.deploy.agent.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.Future;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client connection of the router and its backend connections as {@link EmbeddedChannel}s, with the router's real
 * handlers and codecs in between: a test writes the client's and the instances' bytes and reads what the router
 * sends each way, one event at a time, with no sockets, threads or timing. Loop {@code mail}, instances
 * {@code mail-0} and {@code mail-1}.
 */
final class ExchangeHarness implements AutoCloseable {
    static final Backend FIRST = new Backend("mail-0", "mail", "v1", "blue", "127.0.0.1", 9001, 1);
    static final Backend SECOND = new Backend("mail-1", "mail", "v1", "blue", "127.0.0.1", 9002, 1);
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(20);
    static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);

    final PrometheusRegistry registry = new PrometheusRegistry();
    final RouterMetrics metrics = new RouterMetrics(registry, Clock.systemUTC());
    final InFlightTracker inFlight = new InFlightTracker();
    final FakeBackends backends = new FakeBackends();
    final AtomicBoolean draining = new AtomicBoolean();
    final EmbeddedChannel client;
    private final ProxyContext context;

    ExchangeHarness(Backend... routed) {
        RoutingSnapshot snapshot = RoutingSnapshot.of(new RoutingTable(1, Map.of("mail", List.of(routed))));
        RouterSettings settings = new RouterSettings("127.0.0.1", 0, Duration.ofSeconds(2), RESPONSE_TIMEOUT, 3);
        context = new ProxyContext(settings, () -> snapshot, backends, inFlight, metrics, draining);
        ConnectionDeadlines deadlines = new ConnectionDeadlines(HEADER_TIMEOUT, Duration.ofSeconds(60));
        client = new EmbeddedChannel(deadlines, new HttpServerCodec(), new FrontendHandler(context, deadlines));
    }

    /** The client sends these bytes (one socket read). */
    void clientSends(String raw) {
        client.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
    }

    /** Everything the router has written to the client so far. */
    String clientReceived() {
        return drain(client);
    }

    /** The n-th backend connection the router opened (0 = first). */
    EmbeddedChannel backend(int n) {
        return backends.opened.get(n);
    }

    /** Everything the router has written to that backend connection so far. */
    String backendReceived(int n) {
        return drain(backend(n));
    }

    /** The instance answers these bytes on backend connection n (one socket read). */
    void backendSends(int n, String raw) {
        backend(n).writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
    }

    /** The router starts draining, as {@link ProxyServer#drainAndClose} tells each of its connections. */
    void drain() {
        draining.set(true);
        client.pipeline().fireUserEventTriggered(ProxyContext.DRAIN);
    }

    /** Moves the event loop's clock, running the timers that come due. */
    void advance(Duration time) {
        client.advanceTimeBy(time.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        client.runScheduledPendingTasks();
    }

    private static String drain(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        Object msg;
        while ((msg = ch.readOutbound()) != null) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                out.append(buf.toString(StandardCharsets.ISO_8859_1));
            } finally {
                buf.release();
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        client.finishAndReleaseAll();
        backends.opened.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    /** Backend connections as embedded channels: instances in {@link #refusing} refuse to connect. */
    static final class FakeBackends implements BackendConnections {
        final List<EmbeddedChannel> opened = new ArrayList<>();
        final Set<String> refusing = new HashSet<>();
        final List<String> released = new ArrayList<>();

        @Override
        public Future<Channel> acquire(EventLoop loop, Backend backend) {
            if (refusing.contains(backend.instanceId())) {
                return loop.newFailedFuture(new ConnectException("Connection refused: " + backend.instanceId()));
            }
            EmbeddedChannel ch = new EmbeddedChannel(new HttpClientCodec(), new BackendHandler());
            opened.add(ch);
            return loop.newSucceededFuture(ch);
        }

        @Override
        public void release(Channel ch, Backend backend, boolean reusable) {
            released.add(backend.instanceId() + (reusable ? " reusable" : " closed"));
            if (!reusable) {
                ch.close();
            }
        }
    }
}
