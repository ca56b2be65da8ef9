package io.jenkins.plugins.openclaw.e2e;

import io.jenkins.plugins.openclaw.RealAgent;
import io.jenkins.plugins.openclaw.TestReleases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Versions of the sample release for the pipelines, and what the agent's router serves. */
public final class Releases {
    /** The loop the pipelines' checks look at, through the router ({@link #served}). */
    public static final String WATCHED = "gmail_processor";
    private static final Pattern VERSION = Pattern.compile("\"version\":\"([^\"]*)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Releases() {}

    /** The sample release at {@code version}: its 15 loops, 16 loop processes to start. */
    public static Path version(Path dir, String version) throws IOException {
        return TestReleases.variant(RealAgent.sampleRelease(), dir.resolve("openclaw-" + version + ".zip"), version,
                Map.of());
    }

    /**
     * The sample release at {@code version} with only {@link #WATCHED} (its two replicas), under the same file name as
     * {@link #version}: for the classes that look at no other loop, each deployment starts 2 loop processes, not 16.
     */
    public static Path watchedLoopOnly(Path dir, String version) throws IOException {
        return TestReleases.variant(RealAgent.sampleRelease(), dir.resolve("openclaw-" + version + ".zip"), version,
                Map.of(), Set.of(WATCHED));
    }

    /** {@link #watchedLoopOnly} whose loop never reports healthy. */
    public static Path unhealthy(Path dir, String version) throws IOException {
        return TestReleases.variant(RealAgent.sampleRelease(), dir.resolve("openclaw-" + version + "-unhealthy.zip"),
                version, Map.of("SAMPLE_FAIL_HEALTH", "true"), Set.of(WATCHED));
    }

    /** The version a request to this loop through the agent's router is answered by. */
    public static String served(RealAgent agent, String loop) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.routerPort + "/loops/" + loop + "/"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = VERSION.matcher(r.body());
        return m.find() ? m.group(1) : "HTTP " + r.statusCode() + " " + r.body();
    }

    /** Groovy string literal of a path, for the pipelines' scripts. */
    public static String groovy(Path p) {
        return "'" + p.toAbsolutePath().toString().replace("\\", "/").replace("'", "\\'") + "'";
    }
}
