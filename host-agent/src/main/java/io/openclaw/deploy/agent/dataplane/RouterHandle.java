package io.openclaw.deploy.agent.dataplane;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.openclaw.deploy.agent.LoopbackHttp;
import io.openclaw.deploy.agent.router.LoopVersion;
import io.openclaw.deploy.agent.router.Router;
import io.openclaw.deploy.agent.router.RoutingTable;
import io.openclaw.deploy.agent.router.TrafficStats;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of the router process: {@link Router} over its loopback admin port. A table the router cannot take
 * right now (it is restarting) is kept and sent as soon as it is back ({@link #connect}); reads answer "nothing known"
 * meanwhile, which canary analysis treats as not enough traffic yet.
 *
 * <p>Starts <em>held</em>: while the agent adopts its loops after a restart, the tables it builds one instance at a
 * time would be incomplete, and the router keeps serving the last complete one until {@link #goLive}.
 */
public final class RouterHandle implements Router {
    private static final Logger LOG = LoggerFactory.getLogger(RouterHandle.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
    private static final long DRAIN_POLL_NANOS = Duration.ofMillis(20).toNanos();

    private final HttpClient http = LoopbackHttp.client();
    private final String bearer;
    private final Object publishing = new Object();
    private volatile URI admin;
    private volatile int routerPort;
    private volatile RoutingTable table = RoutingTable.empty();
    @GuardedBy("publishing")
    private boolean held = true;
    /** {@link #table} has not reached the router yet. */
    @GuardedBy("publishing")
    private boolean unsent;

    RouterHandle(String adminToken) {
        this.bearer = "Bearer " + adminToken;
    }

    /** Points at a (new) router process; the current table goes to it unless the handle is still held. */
    void connect(RouterWire.ProcessRecord router, RoutingTable servedThere) {
        synchronized (publishing) {
            admin = URI.create("http://127.0.0.1:" + router.adminPort());
            routerPort = router.routerPort();
            if (held && table.generation() == 0 && table.loops().isEmpty()) {
                table = servedThere;
            }
            unsent = true;
            sendIfLive();
        }
    }

    /** Ends the hold: from now on every table goes to the router as it is published. */
    public void goLive() {
        synchronized (publishing) {
            held = false;
            sendIfLive();
        }
    }

    @Override
    public int port() {
        return routerPort;
    }

    @Override
    public void publish(RoutingTable next) {
        synchronized (publishing) {
            table = next;
            unsent = true;
            sendIfLive();
        }
    }

    @GuardedBy("publishing")
    private void sendIfLive() {
        if (held || !unsent || admin == null) {
            return;
        }
        byte[] body = RouterWire.write(RouterWire.table(table));
        try {
            HttpResponse<String> response = http.send(request("/v1/table")
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 400) {
                throw new IllegalArgumentException("the router refused routing table generation "
                        + table.generation() + ": " + response.body());
            }
            if (response.statusCode() / 100 != 2) {
                throw new IOException("HTTP " + response.statusCode() + " " + response.body());
            }
            unsent = false;
        } catch (IOException e) {
            // The keeper restarts the router and reconnects; the table goes then.
            LOG.warn("routing table generation {} not yet with the router ({}); it follows when the router is back",
                    table.generation(), describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public RoutingTable table() {
        return table;
    }

    @Override
    public int openConnections() {
        RouterWire.Load load = load(java.util.List.of());
        return load == null ? 0 : load.connections();
    }

    @Override
    public int inFlight(String instanceId) {
        RouterWire.Load load = load(java.util.List.of(instanceId));
        return load == null ? 0 : load.inFlight().getOrDefault(instanceId, 0);
    }

    @Override
    public boolean awaitDrained(Collection<String> instanceIds, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            RouterWire.Load load = load(instanceIds);
            // No answer means no router, and so no request in flight through it.
            if (load == null || load.inFlight().values().stream().allMatch(n -> n == 0)) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(DRAIN_POLL_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    @Override
    public TrafficStats trafficStats(String loop, String version, Duration window) {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        String query = "/v1/traffic?loop=" + encode(loop) + "&version=" + encode(version) + "&window_ms="
                + window.toMillis();
        RouterWire.Traffic traffic = get(query, RouterWire.Traffic.class);
        return traffic == null ? new TrafficStats(0, 0, 0, 0, window) : traffic.toStats();
    }

    /** One question for all of them; a router that cannot answer it is asked one loop version at a time. */
    @Override
    public List<TrafficStats> trafficStats(List<LoopVersion> of, Duration window) {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        if (of.isEmpty()) {
            return List.of();
        }
        List<TrafficStats> together = trafficStatsInOneCall(of, window);
        return together != null ? together : Router.super.trafficStats(of, window);
    }

    /** {@code POST /v1/traffic}; null when the router does not answer it. */
    List<TrafficStats> trafficStatsInOneCall(List<LoopVersion> of, Duration window) {
        RouterWire.Traffic[] answered = post("/v1/traffic",
                RouterWire.write(new RouterWire.TrafficQuery(window.toMillis(), List.copyOf(of))),
                RouterWire.Traffic[].class);
        if (answered == null || answered.length != of.size()) {
            return null;
        }
        return Arrays.stream(answered).map(RouterWire.Traffic::toStats).toList();
    }

    /** The router's own metrics in Prometheus' text format, empty when it cannot be reached. */
    public String metricsText() {
        try {
            HttpResponse<String> response = http.send(request("/metrics").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Asks the router process to stop (drain, then exit). */
    boolean askToStop() {
        try {
            return http.send(request("/v1/stop").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 202;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The table a router serves, or null if it does not answer (as a check that it is alive and ours). */
    RoutingTable servedTable() {
        RouterWire.Table served = get("/v1/table", RouterWire.Table.class);
        return served == null ? null : RouterWire.table(served);
    }

    private RouterWire.Load load(Collection<String> instanceIds) {
        String query = instanceIds.stream().map(id -> "instance=" + encode(id)).collect(Collectors.joining("&"));
        return get("/v1/load" + (query.isEmpty() ? "" : "?" + query), RouterWire.Load.class);
    }

    private <T> T post(String path, byte[] body, Class<T> type) {
        return admin == null ? null : call(path, request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), type);
    }

    private <T> T get(String pathAndQuery, Class<T> type) {
        return admin == null ? null : call(pathAndQuery, request(pathAndQuery).GET(), type);
    }

    /** The router's JSON answer, or null when it did not answer 200 (its callers then know nothing, or ask otherwise). */
    private <T> T call(String pathAndQuery, HttpRequest.Builder request, Class<T> type) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                LOG.warn("router admin {} answered HTTP {}", pathAndQuery, response.statusCode());
                return null;
            }
            return RouterWire.read(response.body(), type);
        } catch (IOException e) {
            LOG.debug("router admin {} not reachable: {}", pathAndQuery, describe(e));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(admin.resolve(pathAndQuery)).timeout(CALL_TIMEOUT).header("Authorization", bearer);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String describe(IOException e) {
        return e instanceof ConnectException ? "connection refused" : e.toString();
    }

    /** The process and its port stay: stopping them is {@link RouterKeeper}'s decision. */
    @Override
    public void close() {}
}
