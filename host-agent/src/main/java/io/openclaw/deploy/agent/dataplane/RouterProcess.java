package io.openclaw.deploy.agent.dataplane;

import io.openclaw.deploy.agent.journal.AtomicFiles;
import io.openclaw.deploy.agent.router.ProxyServer;
import io.openclaw.deploy.agent.router.RouterSettings;
import io.openclaw.deploy.agent.router.RoutingTable;
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

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: RouterProcess <router state dir>");
            System.exit(2);
        }
        RouterProcess router = start(new RouterFiles(java.nio.file.Path.of(args[0])));
        Runtime.getRuntime().addShutdownHook(new Thread(router::close, "router-stop"));
        router.stopped.await();
        router.close();
        System.exit(0);
    }

    /** Reads settings, token and the last table, serves, then records itself in {@link RouterFiles#process()}. */
    static RouterProcess start(RouterFiles files) throws Exception {
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
        try {
            router.proxy.start();
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
        RouterWire.ProcessRecord record = new RouterWire.ProcessRecord(self.pid(),
                self.info().startInstant().map(Object::toString).orElse(""), router.proxy.port(), adminPort,
                RouterProcess.class.getPackage().getImplementationVersion());
        AtomicFiles.write(files.process(), RouterWire.write(record));
        LOG.info("router process {} serving on {}:{} (table generation {}), admin on 127.0.0.1:{}", self.pid(),
                settings.bind(), router.proxy.port(), router.proxy.table().generation(), adminPort);
        return router;
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
