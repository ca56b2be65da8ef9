package io.openclaw.deploy.agent.dataplane;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openclaw.deploy.agent.ProcessIdentity;
import io.openclaw.deploy.agent.flags.Flag;
import io.openclaw.deploy.agent.flags.FlagEvaluator;
import io.openclaw.deploy.agent.flags.FlagParser;
import io.openclaw.deploy.agent.router.Backend;
import io.openclaw.deploy.agent.router.ClientLimits;
import io.openclaw.deploy.agent.router.LoopVersion;
import io.openclaw.deploy.agent.router.RouterSettings;
import io.openclaw.deploy.agent.router.RoutingTable;
import io.openclaw.deploy.agent.router.TrafficSplit;
import io.openclaw.deploy.agent.router.TrafficStats;
import io.openclaw.deploy.agent.router.VersionChooser;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON the agent and the router process exchange, over the admin port and in {@link RouterFiles}. Tables travel
 * whole; a flag-driven loop's chooser carries a copy of its flag, so the router decides each request from memory as it
 * did inside the agent, and the agent publishes again whenever that flag changes.
 */
final class RouterWire {
    static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private RouterWire() {}

    /** {@link RouterSettings} with durations in milliseconds. */
    record Settings(String bind, int port, long connectTimeoutMillis, long responseTimeoutMillis,
                    int maxConnectRetries, long headerTimeoutMillis, long idleTimeoutMillis, int maxConnections,
                    long maxRequestBodyBytes, Map<String, Long> maxRequestBodyBytesPerLoop) {

        static Settings of(RouterSettings s) {
            ClientLimits l = s.clientLimits();
            return new Settings(s.bind(), s.port(), s.connectTimeout().toMillis(), s.responseTimeout().toMillis(),
                    s.maxConnectRetries(), l.headerTimeout().toMillis(), l.idleTimeout().toMillis(),
                    l.maxConnections(), l.maxRequestBodyBytes(), l.maxRequestBodyBytesPerLoop());
        }

        RouterSettings toSettings() {
            return new RouterSettings(bind, port, Duration.ofMillis(connectTimeoutMillis),
                    Duration.ofMillis(responseTimeoutMillis), maxConnectRetries,
                    new ClientLimits(Duration.ofMillis(headerTimeoutMillis), Duration.ofMillis(idleTimeoutMillis),
                            maxConnections, maxRequestBodyBytes, maxRequestBodyBytesPerLoop));
        }
    }

    /**
     * The running router process, as a restarted agent finds it.
     *
     * @param started  the process' start time ({@link ProcessHandle.Info#startInstant()}), so that a recycled pid is
     *                 never taken for the router
     * @param build    what the router runs ({@link RouterProcess#build()}): an agent that runs something else (it was
     *                 upgraded) replaces the router it adopts
     * @param handover the Unix domain socket where it hands its listening socket to a successor; null where it cannot
     *                 (not Linux)
     * @param bootTicks Linux: its start in ticks since boot ({@link ProcessIdentity}), which a clock set since does
     *                 not move; null elsewhere and in records of routers older than this field
     */
    record ProcessRecord(long pid, String started, int routerPort, int adminPort, String build, String handover,
                         String bootTicks) {
        /** Who the record names, as a {@link ProcessIdentity}; an unknown start time never matches by time. */
        ProcessIdentity identity() {
            Instant start = started == null || started.isEmpty() ? Instant.EPOCH : Instant.parse(started);
            return new ProcessIdentity(pid, start, bootTicks);
        }
    }

    /** One loop's per-request rule: a canary's split, or a release flag. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Chooser(String type, String newVersion, Integer percent, String segmentHeader, Set<String> segmentValues,
                   String stickyHeader, String flagName, String targetingHeader, JsonNode flag) {
        static final String SPLIT = "split";
        static final String FLAG = "flag";
    }

    record Table(long generation, Map<String, List<Backend>> loops, Map<String, Chooser> choosers,
                 Map<String, Set<String>> managementPaths) {}

    record Traffic(long requests, long serverErrors, long routerErrors, long p95LatencyMillis, long windowMillis) {
        static Traffic of(TrafficStats s) {
            return new Traffic(s.requests(), s.serverErrors(), s.routerErrors(), s.p95LatencyMillis(),
                    s.window().toMillis());
        }

        TrafficStats toStats() {
            return new TrafficStats(requests, serverErrors, routerErrors, p95LatencyMillis,
                    Duration.ofMillis(windowMillis));
        }
    }

    /** Several loop versions' traffic over one window ({@code POST /v1/traffic}); answered as a list of {@link Traffic}. */
    record TrafficQuery(long windowMillis, List<LoopVersion> of) {}

    /** Requests in flight per asked instance, and client connections open. */
    record Load(int connections, Map<String, Integer> inFlight) {}

    static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    static <T> T read(byte[] json, Class<T> type) throws IOException {
        return JSON.readValue(json, type);
    }

    static Table table(RoutingTable t) {
        Map<String, Chooser> choosers = new LinkedHashMap<>();
        t.choosers().forEach((loop, chooser) -> choosers.put(loop, chooser(chooser)));
        return new Table(t.generation(), t.loops(), choosers, t.managementPaths());
    }

    static RoutingTable table(Table t) {
        Map<String, VersionChooser> choosers = new LinkedHashMap<>();
        if (t.choosers() != null) {
            t.choosers().forEach((loop, chooser) -> choosers.put(loop, chooser(chooser)));
        }
        return new RoutingTable(t.generation(), t.loops() == null ? Map.of() : t.loops(), choosers,
                t.managementPaths());
    }

    private static Chooser chooser(VersionChooser chooser) {
        if (chooser instanceof TrafficSplit s) {
            return new Chooser(Chooser.SPLIT, s.canaryVersion(), s.percent(), s.segmentHeader(), s.segmentValues(),
                    s.stickyHeader(), null, null, null);
        }
        if (chooser instanceof FlagVersionChooser f) {
            JsonNode flag = f.evaluator().flag(f.flagName()).map(FlagParser::toJson).orElse(null);
            return new Chooser(Chooser.FLAG, f.newVersion(), null, null, null, null, f.flagName(),
                    f.targeting().targetingHeader(), flag);
        }
        throw new IllegalArgumentException("the router process cannot apply a " + chooser.getClass().getName());
    }

    private static VersionChooser chooser(Chooser c) {
        return switch (c.type()) {
            case Chooser.SPLIT -> new TrafficSplit(c.newVersion(), c.percent() == null ? 0 : c.percent(),
                    c.segmentHeader(), c.segmentValues(), c.stickyHeader());
            case Chooser.FLAG -> {
                // A flag of its own per chooser: the router holds exactly the definitions the agent sent with the table.
                FlagEvaluator evaluator = new FlagEvaluator();
                if (c.flag() != null) {
                    Flag flag = FlagParser.parse(c.flag(), c.flagName());
                    evaluator.load(List.of(flag));
                }
                yield new FlagVersionChooser(evaluator, c.flagName(), c.newVersion(),
                        new FlagTargeting(c.targetingHeader()));
            }
            default -> throw new IllegalArgumentException("unknown chooser type '" + c.type() + "'");
        };
    }
}
