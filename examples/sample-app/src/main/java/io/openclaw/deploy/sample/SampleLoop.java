package io.openclaw.deploy.sample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One OpenClaw loop, as a stand-in: an HTTP process that answers like a loop would, keeps background work going, and
 * misbehaves on request so that tests and operators can build a bad release.
 *
 * <p>Identity comes from arguments ({@code --port --loop --version --slot}) or from the environment the agent gives
 * every instance ({@code OPENCLAW_PORT OPENCLAW_LOOP OPENCLAW_VERSION OPENCLAW_SLOT}). Faults are the public contract
 * {@code SAMPLE_FAIL_HEALTH SAMPLE_FAIL_HEALTH_IF_FILE SAMPLE_ERROR_RATE SAMPLE_LATENCY_MS SAMPLE_STARTUP_MS
 * SAMPLE_BURN_CPU SAMPLE_LOG_ERRORS}, read from the environment.
 * Every answer also carries {@code flag}: the OFREP evaluation of {@code SAMPLE_FLAG} (see {@link FlagProbe}).
 * {@code POST /shutdown} is the graceful-stop contract its manifest declares: 202, in-flight requests finish, exit 0.
 * {@code POST /counter} is its state ({@link CounterState}): it increments a counter, persists it and answers the new
 * value; {@code GET /counter} reads it; {@code POST}/{@code DELETE /state/freeze} pause and resume those writes.
 */
public final class SampleLoop {
    /**
     * The error text of a 5xx injected by {@code SAMPLE_ERROR_RATE}, which the router never answers: {@link Traffic}
     * tells these apart from the router's failures by it.
     */
    static final String INJECTED_ERROR = "injected by SAMPLE_ERROR_RATE";

    static {
        // The JDK server writes a response's headers and body separately; with Nagle's algorithm on, the body of every
        // request after the first on a keep-alive connection waits for the peer's delayed ACK (about 40 ms). Read once
        // by the JDK server's configuration, so it must be set before the first server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final LoopSettings settings;
    private final long pid = ProcessHandle.current().pid();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong ticks = new AtomicLong();
    private final ErrorBudget errors;
    private final FlagProbe flag;
    private final CounterState counter;
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** Guards {@link #inFlight}. Requests are counted here because JDK 17's HttpServer.stop(n) always waits n s. */
    private final Object inFlightLock = new Object();
    private int inFlight;
    private HttpServer server;
    private ExecutorService workers;

    SampleLoop(LoopSettings settings) {
        this(settings, FlagProbe.from(System.getenv()));
    }

    SampleLoop(LoopSettings settings, FlagProbe flag) {
        this(settings, flag, CounterState.from(System.getenv(), settings.loop()));
    }

    SampleLoop(LoopSettings settings, FlagProbe flag, CounterState counter) {
        this.flag = flag;
        this.counter = counter;
        this.settings = settings;
        this.errors = new ErrorBudget(settings.errorRate());
    }

    public static void main(String[] args) throws Exception {
        LoopSettings settings;
        CpuBurner burner;
        int errorLines;
        try {
            settings = LoopSettings.from(args, System.getenv());
            burner = CpuBurner.from(System.getenv());
            errorLines = LoggedErrors.from(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("sample-loop: " + e.getMessage());
            System.exit(2);
            return;
        }
        SampleLoop loop = new SampleLoop(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(loop::stop, "shutdown"));
        // Before it listens, so that the lines are in its log before it can pass a health check.
        LoggedErrors.lines(errorLines).forEach(loop::log);
        loop.start();
        burner.start();
    }

    void start() throws IOException, InterruptedException {
        if (settings.startupMillis() > 0) {
            // Simulates a slow start (SAMPLE_STARTUP_MS): the delay before listening is the behaviour under test.
            Thread.sleep(settings.startupMillis());
        }
        workers = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "http");
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 256);
        server.setExecutor(workers);
        server.createContext("/", this::route);
        server.start();
        startBackgroundWork();
        log("listening on 127.0.0.1:" + server.getAddress().getPort() + " version " + settings.version()
                + " slot " + settings.slot() + " pid " + pid);
    }

    /** Bound port; differs from the configured one only when that was 0. */
    int port() {
        return server.getAddress().getPort();
    }

    /** From the shutdown hook (SIGTERM, Ctrl+C): the JVM is already on its way out, so in-flight work gets 1 s. */
    void stop() {
        stop(1_000);
    }

    private void stop(long inFlightMillis) {
        HttpServer s = server;
        if (s != null && stopping.compareAndSet(false, true)) {
            log("stopping");
            awaitIdle(inFlightMillis);
            s.stop(0);
            workers.shutdown();
        }
    }

    /** POST /shutdown: answered before anything stops; then in-flight requests get up to 5 s, and the loop exits 0. */
    private void shutdownRequested() {
        log("shutdown requested over HTTP");
        Thread exit = new Thread(() -> {
            stop(5_000);
            System.exit(0);
        }, "http-shutdown");
        exit.start();
    }

    private void awaitIdle(long maxMillis) {
        long deadline = System.currentTimeMillis() + maxMillis;
        synchronized (inFlightLock) {
            try {
                for (long left = maxMillis; inFlight > 0 && left > 0; left = deadline - System.currentTimeMillis()) {
                    inFlightLock.wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private int inFlight() {
        synchronized (inFlightLock) {
            return inFlight;
        }
    }

    private void countInFlight(int delta) {
        synchronized (inFlightLock) {
            inFlight += delta;
            inFlightLock.notifyAll();
        }
    }

    /** Stands for the loop's real work (mail polling, heartbeats): it goes on whatever happens to the agent. */
    private void startBackgroundWork() {
        Thread worker = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    TimeUnit.MILLISECONDS.sleep(500);
                    if (ticks.incrementAndGet() % 120 == 0) {
                        log("background work: " + ticks.get() + " ticks, " + requests.get() + " requests");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "background-work");
        worker.setDaemon(true);
        worker.start();
    }

    /** The shutdown request, and the count of requests in flight that a shutdown waits for. */
    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/shutdown") && exchange.getRequestMethod().equals("POST")) {
            try (exchange) {
                drain(exchange.getRequestBody());
                respond(exchange, 202, "{\"status\":\"STOPPING\"}");
            }
            shutdownRequested();
        } else if (path.equals("/health")) {
            handle(exchange);
        } else if (counter != null && (path.equals("/counter") || path.equals("/state/freeze"))) {
            countInFlight(1);
            try (exchange) {
                drain(exchange.getRequestBody());
                state(exchange, path, exchange.getRequestMethod());
            } finally {
                countInFlight(-1);
            }
        } else {
            countInFlight(1);
            try {
                handle(exchange);
            } finally {
                countInFlight(-1);
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            long bodyBytes = drain(exchange.getRequestBody());
            if (path.equals("/health")) {
                if (settings.failHealth()) {
                    respond(exchange, 503, "{\"status\":\"DOWN\",\"reason\":\"SAMPLE_FAIL_HEALTH\"}");
                } else {
                    respond(exchange, 200, "{\"status\":\"UP\",\"inFlight\":" + inFlight() + "}");
                }
                return;
            }
            requests.incrementAndGet();
            if (settings.latencyMillis() > 0) {
                // SAMPLE_LATENCY_MS: added delay is the fault being injected.
                Thread.sleep(settings.latencyMillis());
            }
            if (errors.nextIsError()) {
                respond(exchange, 500, "{\"error\":\"" + INJECTED_ERROR + "\",\"loop\":\"" + settings.loop() + "\"}");
                return;
            }
            // The flag is evaluated for the caller (X-OpenClaw-User) or, without one, for the loop itself.
            String user = exchange.getRequestHeaders().getFirst("X-OpenClaw-User");
            respond(exchange, 200, identity(path, bodyBytes, flag.evaluate(user != null ? user : settings.loop())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void state(HttpExchange exchange, String path, String method) throws IOException {
        String where = "\"loop\":\"" + Jsons.escape(settings.loop()) + "\",\"version\":\""
                + Jsons.escape(settings.version()) + "\",\"slot\":\"" + Jsons.escape(settings.slot()) + "\"";
        switch (method + " " + path) {
            case "POST /counter" -> {
                CounterState.Written written;
                try {
                    written = counter.increment();
                } catch (IllegalStateException frozen) {
                    respond(exchange, 503, "{\"error\":\"writes are paused for a state migration\"," + where + "}");
                    return;
                } catch (IOException e) {
                    respond(exchange, 503, "{\"error\":\"" + Jsons.escape(e.toString()) + "\"," + where + "}");
                    return;
                }
                respond(exchange, 200, "{\"value\":" + written.file() + ",\"redis\":" + written.redis() + ","
                        + where + "}");
            }
            case "GET /counter" -> respond(exchange, 200, "{\"value\":" + counter.read() + "," + where + "}");
            case "POST /state/freeze" -> {
                counter.freeze();
                log("writes paused (state freeze)");
                respond(exchange, 200, "{\"frozen\":true," + where + "}");
            }
            case "DELETE /state/freeze" -> {
                counter.resume();
                log("writes resumed");
                respond(exchange, 200, "{\"frozen\":false," + where + "}");
            }
            default -> respond(exchange, 405, "{\"error\":\"method not allowed\"," + where + "}");
        }
    }

    private String identity(String path, long bodyBytes, String flagAnswer) {
        return "{\"loop\":\"" + Jsons.escape(settings.loop()) + "\",\"version\":\"" + Jsons.escape(settings.version())
                + "\",\"slot\":\"" + Jsons.escape(settings.slot()) + "\",\"pid\":" + pid
                + ",\"path\":\"" + Jsons.escape(path) + "\",\"bodyBytes\":" + bodyBytes
                + ",\"ticks\":" + ticks.get() + ",\"flag\":" + flagAnswer + "}";
    }

    private static long drain(InputStream body) throws IOException {
        long n = 0;
        byte[] buffer = new byte[8192];
        for (int r; (r = body.read(buffer)) >= 0; ) {
            n += r;
        }
        return n;
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void log(String message) {
        System.out.println("[" + settings.loop() + "/" + settings.slot() + "] " + message);
    }
}
