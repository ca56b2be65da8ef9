package io.openclaw.deploy.agent.router;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The router's per-request work outside Netty, one request's worth per call, on one thread (an event loop): what
 * issue 11's profile showed and changed. A regression in one of them shows here before it shows in
 * bench/proxy-compare.sh. In the package of the router because these classes are package-private.
 *
 * <ul>
 *   <li>{@code routingLookup}: path checks, loop parsing, management-path check and the SWRR pick, as
 *       FrontendHandler does for a request to one of 15 loops (2 instances each, a canary split on one);</li>
 *   <li>{@code metricsRecording}: in flight up and down, the counter, the histogram and the traffic window;</li>
 *   <li>{@code headerRewrite}: hop-by-hop removal and X-Forwarded-* on a request, hop-by-hop removal on a response
 *       (the cost of building the two header sets is in {@code headerBaseline}).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class RouterHotPathBenchmark {
    private static final int LOOPS = 15;

    private RoutingSnapshot snapshot;
    private RouterMetrics metrics;
    private String[] uris;
    private HttpHeaders requestHeaders;
    private final InetSocketAddress client =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    private int next;

    @Setup
    public void setUp() {
        Map<String, List<Backend>> loops = new LinkedHashMap<>();
        Map<String, Set<String>> management = new LinkedHashMap<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < LOOPS; i++) {
            String loop = "loop_" + i;
            loops.put(loop, List.of(
                    new Backend(loop + "-blue-0", loop, "1.0.0", "blue", "127.0.0.1", 8000 + i, 95),
                    new Backend(loop + "-green-0", loop, "1.1.0", "green", "127.0.0.1", 8020 + i, 5)));
            management.put(loop, Set.of("/health", "/shutdown"));
            paths.add("/loops/" + loop + "/work/items?page=2");
        }
        Map<String, VersionChooser> choosers = Map.of(
                "loop_0", new TrafficSplit("1.1.0", 5, "X-OpenClaw-Segment", Set.of("beta"), "X-OpenClaw-User"));
        snapshot = RoutingSnapshot.of(new RoutingTable(1, loops, choosers, management));
        metrics = new RouterMetrics(new PrometheusRegistry(), Clock.systemUTC());
        uris = paths.toArray(String[]::new);
        requestHeaders = new DefaultHttpHeaders();
        requestHeaders.set("User-Agent", "wrk");
        requestHeaders.set("Accept", "*/*");
        requestHeaders.set("X-OpenClaw-User", "user-17");
    }

    @Benchmark
    public Optional<Backend> routingLookup() {
        String uri = uris[next++ % LOOPS];
        int query = uri.indexOf('?');
        if (PathGuard.problem(query < 0 ? uri : uri.substring(0, query)).isPresent()) {
            throw new AssertionError(uri);
        }
        LoopPath path = LoopPath.parse(uri).orElseThrow();
        if (!snapshot.knows(path.loop()) || snapshot.isManagementPath(path.loop(), path.backendUri())) {
            throw new AssertionError(uri);
        }
        return snapshot.pick(path.loop(), Set.of(), requestHeaders);
    }

    @Benchmark
    public void metricsRecording() {
        String loop = "loop_" + (next++ % LOOPS);
        metrics.started(loop);
        metrics.stopped(loop);
        metrics.finished(loop, "1.0.0", "blue", StatusClass.SUCCESS, 1_200_000);
    }

    @Benchmark
    public HttpHeaders headerBaseline() {
        return responseHeaders(requestHeaders());
    }

    @Benchmark
    public HttpHeaders headerRewrite() {
        HttpHeaders request = requestHeaders();
        ForwardedHeaders.removeHopByHop(request);
        ForwardedHeaders.addForwarded(request, client);
        HttpHeaders response = responseHeaders(request);
        ForwardedHeaders.removeHopByHop(response);
        return response;
    }

    private static HttpHeaders requestHeaders() {
        HttpHeaders h = new DefaultHttpHeaders();
        h.add("Host", "127.0.0.1:8080");
        h.add("User-Agent", "wrk");
        h.add("Accept", "*/*");
        h.add("Accept-Encoding", "gzip");
        return h;
    }

    /** The response headers; takes the request's so that JIT cannot drop building them. */
    private static HttpHeaders responseHeaders(HttpHeaders request) {
        HttpHeaders h = new DefaultHttpHeaders();
        h.add("Server", "nginx");
        h.add("Date", "Wed, 02 Dec 2026 14:00:00 GMT");
        h.add("Content-Type", "text/plain");
        h.add("Content-Length", String.valueOf(request.size()));
        h.add("Connection", "keep-alive");
        return h;
    }
}
