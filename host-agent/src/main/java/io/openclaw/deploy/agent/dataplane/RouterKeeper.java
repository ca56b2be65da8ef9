package io.openclaw.deploy.agent.dataplane;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.openclaw.deploy.agent.journal.AtomicFiles;
import io.openclaw.deploy.agent.router.Router;
import io.openclaw.deploy.agent.router.RouterSettings;
import io.openclaw.deploy.agent.router.RoutingTable;
import io.openclaw.deploy.agent.tls.OwnerOnlyFiles;
import io.openclaw.deploy.agent.tls.SecretToken;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one router process running for the agent: adopts the one a previous agent left (it kept serving while the agent
 * was down), or starts one; restarts it when it dies; stops it only when the whole of OpenClaw is stopped. The router
 * is supervised like a loop, but not by the supervisor: its restarts must not wait for, or count against, any loop.
 */
public final class RouterKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouterKeeper.class);
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");
    /** A router that lives at least this long counts as started well: the next restart is immediate again. */
    private static final Duration STABLE = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final RouterFiles files;
    private final Path logFile;
    private final List<String> jvmOptions;
    private final UnaryOperator<List<String>> launchCommand;
    private final RouterHandle handle;
    private final Object lock = new Object();
    @GuardedBy("lock")
    private ProcessHandle process;
    @GuardedBy("lock")
    private boolean watching = true;
    private Duration backoff = Duration.ZERO;
    private String adoptedBuild;

    private RouterKeeper(RouterFiles files, Path logFile, List<String> jvmOptions,
            UnaryOperator<List<String>> launchCommand, String token) {
        this.files = files;
        this.logFile = logFile;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.launchCommand = launchCommand;
        this.handle = new RouterHandle(token);
    }

    /**
     * Adopts the running router process of this home, or starts one with {@code settings}, and returns once it serves.
     * Its handle is held ({@link RouterHandle#goLive}) until the caller has a complete routing table.
     *
     * @param jvmOptions options of the router's JVM (heap and direct memory bounds)
     * @param launchCommand the platform's form of the router's command line (on Linux: back at normal priority when
     *        the agent runs above it)
     */
    public static RouterKeeper startOrAdopt(RouterFiles files, RouterSettings settings, Path logFile,
            List<String> jvmOptions, UnaryOperator<List<String>> launchCommand)
            throws IOException, InterruptedException {
        RouterKeeper keeper = prepare(files, settings, logFile, jvmOptions, launchCommand);
        keeper.adoptOrStart();
        return keeper;
    }

    /**
     * The first half of {@link #startOrAdopt}, which touches no process: the admin token and the settings are on disk,
     * and the {@linkplain #router() handle} exists, held, so that tables can be published to it while
     * {@link #adoptOrStart} runs on another thread (the agent adopts its loops meanwhile).
     */
    public static RouterKeeper prepare(RouterFiles files, RouterSettings settings, Path logFile,
            List<String> jvmOptions, UnaryOperator<List<String>> launchCommand) throws IOException {
        if (!Files.isDirectory(files.dir())) {
            OwnerOnlyFiles.createDirectory(files.dir());
        }
        String token = Files.exists(files.adminToken())
                ? SecretToken.readFile(files.adminToken(), "router admin token")
                : SecretToken.createFile(files.adminToken());
        RouterKeeper keeper = new RouterKeeper(files, logFile, jvmOptions, launchCommand, token);
        try {
            AtomicFiles.write(files.settings(), RouterWire.write(RouterWire.Settings.of(settings)));
        } catch (IOException e) {
            if (!Files.exists(files.settings())) {
                throw e;
            }
            // A full disk: the router keeps the settings it had, which is what it serves with anyway.
            LOG.warn("cannot write the router settings ({}); the router keeps its previous ones", e.toString());
        }
        return keeper;
    }

    /** The second half of {@link #startOrAdopt}: returns once a router process serves and the handle points at it. */
    public void adoptOrStart() throws IOException, InterruptedException {
        synchronized (lock) {
            if (!adopt()) {
                launch();
                return;
            }
        }
        if (!RouterProcess.build().equals(adoptedBuild)) {
            // The agent was upgraded: the router it adopted runs the old code. Replaced without refusing a connection.
            LOG.info("the adopted router runs another build of the agent; replacing it");
            replace();
        }
    }

    public RouterHandle router() {
        return handle;
    }

    /** The router process' pid (for status and tests). */
    public long pid() {
        synchronized (lock) {
            return process.pid();
        }
    }

    /** Takes the router a previous agent left, if it is alive, is the process recorded, and answers with our token. */
    private boolean adopt() {
        Optional<RouterWire.ProcessRecord> record = readRecord();
        if (record.isEmpty()) {
            LOG.info("no router process recorded in {}; starting one", files.process());
            return false;
        }
        RouterWire.ProcessRecord r = record.get();
        Optional<ProcessHandle> running = ProcessHandle.of(r.pid()).filter(ProcessHandle::isAlive);
        if (running.isEmpty()) {
            LOG.info("the recorded router process {} is gone; starting another", r.pid());
            return false;
        }
        // A pid can be reused: the process that started when the record says is that router. A start time read
        // otherwise is no proof of the opposite where no boot ticks decide (see ProcessIdentity; a record of an older
        // router has none): the JDK derives it from the wall clock's idea of the boot time, so a clock set since the
        // router started (NTP) moves it by as much. Then only the router answers its admin port with this home's
        // secret token, and a process that does not is left alone.
        String started = running.get().info().startInstant().map(Instant::toString).orElse("");
        boolean sameStart = r.identity().isSameProcessAs(running.get());
        RouterHandle probe = new RouterHandle(tokenUnchecked());
        probe.connect(r, RoutingTable.empty());
        RoutingTable served = probe.servedTable();
        if (served == null && !sameStart) {
            LOG.info("pid {} is another process now (started {}, the router {}); starting a router", r.pid(),
                    started, r.started());
            return false;
        }
        if (served == null) {
            LOG.warn("router process {} is alive but its admin port {} does not answer; starting another",
                    r.pid(), r.adminPort());
            running.get().destroyForcibly();
            return false;
        }
        if (!sameStart) {
            LOG.warn("router process {} started at {} as recorded, {} by the clock now (set since?); it answers its "
                    + "admin port with this home's token, so it is adopted", r.pid(), r.started(), started);
        }
        handle.connect(r, served);
        adoptedBuild = r.build();
        synchronized (lock) {
            watch(running.get());
        }
        LOG.info("adopted router process {} serving on port {} (table generation {})", r.pid(), r.routerPort(),
                served.generation());
        return true;
    }

    private String tokenUnchecked() {
        try {
            return SecretToken.readFile(files.adminToken(), "router admin token");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Replaces the running router with a new process without refusing a connection: the new one takes the listening
     * socket over (Linux), gets the current table, then the old one stops accepting, finishes its requests (each
     * answer closes its connection, so clients reconnect to the new router) and exits. Where the socket cannot be
     * handed over, the new router binds the port once the old one has released it, and the connections refused in
     * between are lost (see docs/architecture.md#the-router-process).
     */
    public void replace() throws IOException, InterruptedException {
        synchronized (lock) {
            ProcessHandle old = process;
            RouterWire.ProcessRecord oldRecord = readRecord().filter(r -> old != null && r.pid() == old.pid())
                    .orElse(null);
            RouterHandle oldAdmin = new RouterHandle(tokenUnchecked());
            if (oldRecord != null) {
                oldAdmin.connect(oldRecord, RoutingTable.empty());
            }
            if (oldRecord != null && oldRecord.handover() != null) {
                launch(List.of(RouterProcess.TAKE_OVER));
                oldAdmin.askToStop();
            } else {
                if (oldRecord != null) {
                    oldAdmin.askToStop();
                }
                if (old != null) {
                    try {
                        old.onExit().get(RouterProcess.DRAIN.toSeconds() + 5, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        throw new IOException("the old router process " + old.pid() + " did not stop", e);
                    }
                }
                launch(List.of());
            }
            LOG.info("router process {} replaced by {}", old == null ? "-" : old.pid(), process.pid());
        }
    }

    @GuardedBy("lock")
    private void launch() throws IOException, InterruptedException {
        launch(List.of());
    }

    @GuardedBy("lock")
    private void launch(List<String> extraArguments) throws IOException, InterruptedException {
        // The previous record stays until the new router replaces it: it tells the new one which port to take again.
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", WINDOWS ? "java.exe" : "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dlogback.configurationFile=logback-router.xml");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RouterProcess.class.getName());
        command.add(files.dir().toString());
        command.addAll(extraArguments);
        Files.createDirectories(logFile.getParent());
        Process started = new ProcessBuilder(launchCommand.apply(command))
                .redirectInput(ProcessBuilder.Redirect.from(new File(WINDOWS ? "NUL" : "/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectErrorStream(true)
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        boolean recorded = false;
        while (true) {
            Optional<RouterWire.ProcessRecord> record = readRecord().filter(r -> r.pid() == started.pid());
            if (record.isPresent()) {
                recorded = true;
                RouterHandle probe = new RouterHandle(tokenUnchecked());
                probe.connect(record.get(), RoutingTable.empty());
                RoutingTable served = probe.servedTable();
                if (served != null) {
                    handle.connect(record.get(), served);
                    watch(started.toHandle());
                    LOG.info("router process {} started, serving on port {}", started.pid(), record.get().routerPort());
                    return;
                }
            }
            if (!started.isAlive()) {
                throw new IOException("the router process exited with status " + started.exitValue() + " at start;"
                        + " see " + logFile);
            }
            if (System.nanoTime() - deadline >= 0) {
                started.destroyForcibly();
                throw new IOException("the router process did not serve within " + START_TIMEOUT.toSeconds()
                        + " s (" + (recorded ? "its admin port did not answer" : "it did not record itself") + ");"
                        + " its log " + logFile + " ends: " + LogTail.lastLines(logFile, 5));
            }
            started.waitFor(25, TimeUnit.MILLISECONDS);
        }
    }

    private Optional<RouterWire.ProcessRecord> readRecord() {
        try {
            return Optional.of(RouterWire.read(Files.readAllBytes(files.process()), RouterWire.ProcessRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", files.process(), e.toString());
            return Optional.empty();
        }
    }

    @GuardedBy("lock")
    private void watch(ProcessHandle router) {
        process = router;
        Instant since = Instant.now();
        router.onExit().thenRun(() -> exited(router, since));
    }

    private void exited(ProcessHandle router, Instant since) {
        synchronized (lock) {
            if (!watching || process != router) {
                return;
            }
            boolean stable = Duration.between(since, Instant.now()).compareTo(STABLE) >= 0;
            backoff = stable ? Duration.ZERO
                    : backoff.isZero() ? Duration.ofMillis(500) : min(backoff.multipliedBy(2), MAX_BACKOFF);
            LOG.error("router process {} exited; starting it again{}", router.pid(),
                    backoff.isZero() ? "" : " in " + backoff.toMillis() + " ms");
        }
        Thread restart = new Thread(() -> {
            LockSupport.parkNanos(backoff.toNanos());
            synchronized (lock) {
                if (!watching) {
                    return;
                }
                try {
                    launch();
                } catch (IOException | RuntimeException e) {
                    LOG.error("cannot start the router process: {}", e.toString());
                    // Try again later, as a crash would.
                    watch(router);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "router-restart");
        restart.setDaemon(true);
        restart.start();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The agent goes, the router stays: it serves with its last table until the next agent adopts it. */
    public void detach() {
        synchronized (lock) {
            watching = false;
        }
    }

    /** The whole of OpenClaw stops: the router drains and exits (killed if it does not within its drain time). */
    @Override
    public void close() {
        ProcessHandle router;
        synchronized (lock) {
            watching = false;
            router = process;
        }
        if (router == null || !router.isAlive()) {
            return;
        }
        if (!handle.askToStop()) {
            router.destroy();
        }
        try {
            router.onExit().get(RouterProcess.DRAIN.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.warn("router process {} did not stop; killing it", router.pid());
            router.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            router.destroyForcibly();
        }
    }
}
