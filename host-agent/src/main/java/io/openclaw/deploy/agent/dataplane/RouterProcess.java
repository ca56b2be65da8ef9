package io.openclaw.deploy.agent.dataplane;

import io.openclaw.deploy.agent.ProcessIdentity;
import io.openclaw.deploy.agent.journal.AtomicFiles;
import io.openclaw.deploy.agent.router.ProxyServer;
import io.openclaw.deploy.agent.router.RouterSettings;
import io.openclaw.deploy.agent.router.RoutingTable;
import io.openclaw.deploy.agent.router.Transport;
import io.openclaw.deploy.agent.tls.SecretToken;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router as a process of its own, so that traffic to the loops never depends on the agent being alive: it starts
 * with the last routing table on disk, serves with whatever table it last received, and takes new ones from the agent
 * over its admin port. The agent starts it, adopts it after a restart of its own, and restarts it when it dies
 * ({@link RouterKeeper}).
 *
 * <p>Started as {@code java -cp <agent jar> io.openclaw.deploy.agent.dataplane.RouterProcess <router state dir>}.
 */
public final class RouterProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouterProcess.class);
    /** How long a stopping router lets requests in flight finish. */
    static final Duration DRAIN = Duration.ofSeconds(10);

    private final RouterFiles files;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ProxyServer proxy;
    private final AdminServer admin;
    private SocketHandover handover;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** The newest table not yet on disk; one writer thread, so a burst of publishes costs one write. */
    private final AtomicReference<byte[]> unsaved = new AtomicReference<>();
    private final ExecutorService saver = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "router-table-saver");
        t.setDaemon(true);
        return t;
    });

    private RouterProcess(RouterFiles files, RouterSettings settings, SecretToken token) {
        this.files = files;
        this.proxy = new ProxyServer(settings, registry);
        this.admin = new AdminServer(token, this);
    }

    /** How long a new router waits for its predecessor's listening socket before it binds the port itself. */
    static final Duration TAKE_OVER_TIMEOUT = Duration.ofSeconds(10);
    static final String TAKE_OVER = "--take-over";

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals(TAKE_OVER))) {
            System.err.println("usage: RouterProcess <router state dir> [" + TAKE_OVER + "]");
            System.exit(2);
        }
        RouterProcess router = start(new RouterFiles(java.nio.file.Path.of(args[0])), args.length == 2);
        Runtime.getRuntime().addShutdownHook(new Thread(router::close, "router-stop"));
        router.stopped.await();
        router.close();
        System.exit(0);
    }

    /**
     * Reads settings, token and the last table, serves, then records itself in {@link RouterFiles#process()}.
     *
     * @param takeOver take the listening socket from the router recorded there (which keeps serving until asked to
     *                 stop) instead of binding the port
     */
    static RouterProcess start(RouterFiles files, boolean takeOver) throws Exception {
        RouterWire.Settings wire = RouterWire.read(Files.readAllBytes(files.settings()), RouterWire.Settings.class);
        RouterSettings settings = wire.toSettings();
        if (settings.port() == 0) {
            // An ephemeral port (tests) is kept across restarts of the router, or clients would lose it.
            int previous = previousPort(files);
            if (previous > 0) {
                settings = new RouterSettings(settings.bind(), previous, settings.connectTimeout(),
                        settings.responseTimeout(), settings.maxConnectRetries(), settings.clientLimits());
            }
        }
        SecretToken token = SecretToken.of(SecretToken.readFile(files.adminToken(), "router admin token"),
                "router admin token");
        RouterProcess router = new RouterProcess(files, settings, token);
        router.proxy.publish(lastTable(files));
        int inherited = takeOver ? predecessorsSocket(files, router.proxy.transport()) : -1;
        try {
            if (inherited >= 0) {
                router.proxy.startOn(inherited);
            } else {
                router.proxy.start();
            }
        } catch (RuntimeException e) {
            if (settings.port() == 0 || wire.port() != 0) {
                throw e;
            }
            // The remembered ephemeral port is taken by now: any port is better than none.
            router.proxy.close();
            router = new RouterProcess(files, wire.toSettings(), token);
            router.proxy.publish(lastTable(files));
            router.proxy.start();
        }
        int adminPort = router.admin.start();
        ProcessHandle self = ProcessHandle.current();
        String handoverPath = null;
        if (router.proxy.transport().canTakeOverListeningSocket()) {
            java.nio.file.Path path = files.dir().resolve("handover-" + self.pid() + ".sock");
            router.handover = SocketHandover.offer(path, router.proxy::listeningSocket);
            handoverPath = path.toString();
        }
        ProcessIdentity identity = ProcessIdentity.of(self);
        RouterWire.ProcessRecord record = new RouterWire.ProcessRecord(self.pid(), identity.start().toString(),
                router.proxy.port(), adminPort, build(), handoverPath, identity.bootTicks());
        AtomicFiles.write(files.process(), RouterWire.write(record));
        LOG.info("router process {} serving on {}:{} (table generation {}), admin on 127.0.0.1:{}", self.pid(),
                settings.bind(), router.proxy.port(), router.proxy.table().generation(), adminPort);
        return router;
    }

    /** The listening socket of the router recorded in the files, or -1 (then this router binds the port itself). */
    private static int predecessorsSocket(RouterFiles files, Transport transport) {
        try {
            RouterWire.ProcessRecord previous = RouterWire.read(Files.readAllBytes(files.process()),
                    RouterWire.ProcessRecord.class);
            if (previous.handover() == null || !transport.canTakeOverListeningSocket()) {
                LOG.warn("router process {} cannot hand its socket over; binding the port instead", previous.pid());
                return -1;
            }
            int fd = SocketHandover.take(java.nio.file.Path.of(previous.handover()), TAKE_OVER_TIMEOUT);
            LOG.info("took the listening socket over from router process {}", previous.pid());
            return fd;
        } catch (IOException e) {
            LOG.warn("cannot take the listening socket over ({}); binding the port instead", e.toString());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int previousPort(RouterFiles files) {
        try {
            return RouterWire.read(Files.readAllBytes(files.process()), RouterWire.ProcessRecord.class).routerPort();
        } catch (IOException e) {
            return 0;
        }
    }

    private static RoutingTable lastTable(RouterFiles files) {
        try {
            return RouterWire.table(RouterWire.read(Files.readAllBytes(files.table()), RouterWire.Table.class));
        } catch (NoSuchFileException e) {
            return RoutingTable.empty();
        } catch (IOException | RuntimeException e) {
            // A table the router cannot read is no reason not to serve: the agent publishes a fresh one when it connects.
            LOG.error("cannot read the last routing table {}: {}; starting with an empty one", files.table(), e.toString());
            return RoutingTable.empty();
        }
    }

    /**
     * The code this JVM runs: its class path and when each of its files last changed. A new agent jar (an upgrade, even
     * of the same version number) gives another value.
     */
    static String build() {
        StringBuilder build = new StringBuilder();
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            java.io.File file = new java.io.File(entry);
            build.append(entry).append('@').append(file.isFile() ? file.lastModified() : 0).append(';');
        }
        return build.toString();
    }

    ProxyServer proxy() {
        return proxy;
    }

    /** A table from the agent: routed at once, then kept on disk for the next router start. */
    void accept(RoutingTable table, byte[] json) {
        proxy.publish(table);
        if (unsaved.getAndSet(json) == null) {
            saver.execute(this::save);
        }
    }

    private void save() {
        byte[] json = unsaved.getAndSet(null);
        if (json == null) {
            return;
        }
        try {
            AtomicFiles.write(files.table(), json);
        } catch (IOException e) {
            // A full disk must not stop routing: the table is in force, only a router restart would miss it.
            LOG.warn("cannot keep the routing table on disk ({}); it is routed anyway", e.toString());
        }
    }

    byte[] metricsText() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write metrics", e);
        }
        return out.toByteArray();
    }

    /** The agent asked this router to stop (the whole of OpenClaw is being stopped). */
    void stopSoon() {
        stopped.countDown();
    }

    /** Stops accepting, lets requests in flight finish (bounded), then ends. */
    @Override
    public synchronized void close() {
        stopped.countDown();
        if (handover != null) {
            handover.close();
            handover = null;
        }
        admin.close();
        proxy.drainAndClose(DRAIN);
        saver.shutdown();
        try {
            saver.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
