package io.openclaw.deploy.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.flags.FlagRevision;
import io.openclaw.deploy.agent.flags.FlagState;
import io.openclaw.deploy.agent.testing.RunningAgent;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.agent.testing.TestReleases;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.InstanceStatus;
import io.openclaw.deploy.protocol.LoopStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flag-driven release of identity_manager through a real agent: real loop processes, real keyed traffic through the
 * router, the release flag ramped by the canary phases and evaluated per request. Phases last seconds.
 */
class FeatureFlagReleaseIT {
    private static final String LOOP = "identity_manager";
    private static final String FLAG = "release." + LOOP;
    private static final int USERS = 300;

    @TempDir
    Path tmp;

    private RunningAgent agent;
    private KeyedTraffic traffic;

    @AfterEach
    void tearDown() throws Exception {
        if (traffic != null) {
            traffic.stop();
        }
        if (agent != null) {
            agent.close();
        }
    }

    private Path release(String version, Map<String, String> env) throws Exception {
        return TestReleases.build(Files.createDirectories(tmp.resolve("zips")), version, List.of(LOOP), env, Map.of(),
                "feature-flag");
    }

    /** Canary phases of seconds, analysis every second, and a beta segment that becomes the flag's rule. */
    private static Map<String, Object> options(List<Map<String, Object>> phases) {
        return options(phases, Map.of(), Map.of());
    }

    /** As {@link #options(List)}, with more keys of {@code canary} and {@code rollback}. */
    private static Map<String, Object> options(List<Map<String, Object>> phases, Map<String, Object> canaryMore,
            Map<String, Object> rollbackMore) {
        Map<String, Object> canary = new LinkedHashMap<>();
        canary.put("phases", phases);
        canary.put("check_interval_seconds", 1);
        canary.put("min_requests", 5);
        canary.put("segment", Map.of("header", "X-OpenClaw-User-Tier", "values", List.of("beta")));
        canary.putAll(canaryMore);
        Map<String, Object> rollback = new LinkedHashMap<>();
        rollback.put("auto_rollback", Map.of("triggers", Map.of("error_rate", Map.of("window_seconds", 2))));
        rollback.putAll(rollbackMore);
        return Map.of("canary", canary, "rollback", rollback);
    }

    private static Map<String, Object> phase(int percentage, int seconds) {
        return Map.of("percentage", percentage, "duration_seconds", seconds);
    }

    private void startWithV1AndTraffic() throws Exception {
        startWithV1();
        traffic = KeyedTraffic.start(agent.routerPort(), 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> traffic.answers().size() >= 100);
    }

    /** Version 1.0.0 serving, and requests without a targeting key or a segment: none that the flag turns on. */
    private void startWithV1AndAnonymousTraffic() throws Exception {
        startWithV1();
        traffic = KeyedTraffic.startAnonymous(agent.routerPort(), 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> traffic.answers().size() >= 50);
    }

    private void startWithV1() throws Exception {
        agent = new RunningAgent(tmp.resolve("home"), TestConfigs.quick(Duration.ofSeconds(60), Duration.ofSeconds(20)));
        assertThat(agent.deployAndWait(release("1.0.0", Map.of())).state()).isEqualTo(DeploymentState.SUCCEEDED);
    }

    private Deployment deployment(Deployment d) {
        return agent.ops().deployment(d.id()).orElseThrow();
    }

    private Deployment awaitPaused(Deployment d, String phase) {
        await().atMost(Duration.ofSeconds(60)).until(() -> deployment(d).state() == DeploymentState.PAUSED
                && loopStatus().progress() != null && loopStatus().progress().phase().equals(phase));
        return deployment(d);
    }

    private Deployment deploy(Path zip, Map<String, Object> options) throws Exception {
        return agent.ops().deploy(new DeployRequest(agent.upload(zip), null, null, List.of(), options), null, "tester");
    }

    private LoopStatus loopStatus() {
        return agent.ops().status().loops().stream().filter(l -> l.name().equals(LOOP)).findFirst().orElseThrow();
    }

    /**
     * Traffic answered while the flag stayed at one revision with {@code percent}: waits for the phase, records the
     * next 600 answers, and checks the flag did not change in between.
     */
    private List<Answer> duringPhase(int percent) {
        // The status shows the phase once the routing table of the phase is published.
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(20)).until(() -> {
            LoopStatus loop = loopStatus();
            return loop.progress() != null && loop.progress().phase().equals(percent + "%");
        });
        FlagState at = currentFlag();
        assertThat(at.flag().enabled()).isTrue();
        assertThat(at.flag().rolloutPercentage()).isEqualTo(percent);
        long from = System.nanoTime();
        long answered = traffic.answers().size();
        await().atMost(Duration.ofSeconds(20)).until(() -> traffic.answers().size() >= answered + 600);
        long to = System.nanoTime();
        assertThat(currentFlag().revision()).as("the flag did not change while measuring").isEqualTo(at.revision());
        return traffic.answers().stream().filter(a -> a.sentNanos() > from && a.doneNanos() < to).toList();
    }

    private FlagState currentFlag() {
        try {
            return agent.flags().get(FLAG);
        } catch (OperationException notFound) {
            return null;
        }
    }

    /** Per keyed user, the one version that answered them (fails if a user saw both). */
    private static Map<String, String> versionByUser(List<Answer> answers) {
        Map<String, String> byUser = new HashMap<>();
        for (Answer a : answers) {
            if (a.user() != null && !a.beta()) {
                String before = byUser.putIfAbsent(a.user(), a.version());
                assertThat(before == null || before.equals(a.version())).as("%s stays on one version", a.user()).isTrue();
            }
        }
        return byUser;
    }

    private static double shareOnNew(Map<String, String> byUser) {
        return 100.0 * byUser.values().stream().filter("2.0.0"::equals).count() / byUser.size();
    }

    @Test
    void betaUsersGetTheNewVersionFirstKeyedUsersFollowTheRampStickilyAndTheFlagIsRetired() throws Exception {
        startWithV1AndTraffic();

        Deployment v2 = deploy(release("2.0.0", Map.of()),
                options(List.of(phase(20, 8), phase(60, 8), Map.of("percentage", 100))));

        List<Answer> at20 = duringPhase(20);
        LoopStatus during = loopStatus();
        assertThat(during.progress().strategy()).isEqualTo("feature-flag");
        assertThat(during.progress().phase()).isEqualTo("20%");
        assertThat(during.progress().newVersionPercent()).isEqualTo(20);
        assertThat(at20).filteredOn(Answer::beta).isNotEmpty().extracting(Answer::version).containsOnly("2.0.0");
        assertThat(at20).filteredOn(a -> a.user() == null).isNotEmpty().extracting(Answer::version)
                .as("requests without a targeting key stay on the old version").containsOnly("1.0.0");
        Map<String, String> users20 = versionByUser(at20);
        assertThat(users20.size()).isGreaterThan(USERS / 2);
        assertThat(shareOnNew(users20)).as("keyed users on the new version at 20%%")
                .isCloseTo(20, org.assertj.core.data.Offset.offset(9.0));

        List<Answer> at60 = duringPhase(60);
        assertThat(at60).filteredOn(Answer::beta).extracting(Answer::version).containsOnly("2.0.0");
        Map<String, String> users60 = versionByUser(at60);
        assertThat(shareOnNew(users60)).as("keyed users on the new version at 60%%")
                .isCloseTo(60, org.assertj.core.data.Offset.offset(9.0));
        users20.forEach((user, version) -> {
            if (version.equals("2.0.0") && users60.containsKey(user)) {
                assertThat(users60.get(user)).as("%s moved only from old to new", user).isEqualTo("2.0.0");
            }
        });

        Deployment done = agent.awaitEnd(v2);
        long end = System.nanoTime();
        long answered = traffic.answers().size();
        await().atMost(Duration.ofSeconds(20)).until(() -> traffic.answers().size() >= answered + 200);

        assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(traffic.answers()).filteredOn(a -> a.sentNanos() > end).extracting(Answer::version)
                .containsOnly("2.0.0");
        assertThat(currentFlag()).as("the release flag is retired").isNull();
        List<FlagRevision> history = agent.flags().revisions(FLAG);
        assertThat(history.get(history.size() - 1).deleted()).isTrue();
        assertThat(history).allSatisfy(r -> assertThat(r.by()).isEqualTo(v2.id()));
        assertThat(history).filteredOn(r -> r.flag() != null).extracting(r -> r.flag().rolloutPercentage())
                .containsExactly(20.0, 60.0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(loopStatus().instances())
                .extracting(InstanceStatus::version).containsOnly("2.0.0"));
        assertThat(traffic.failures()).as("no request failed").isEmpty();
        List<DeploymentEvent> events = agent.events(v2.id());
        assertThat(events).filteredOn(e -> e.type().equals(EventTypes.WEIGHTS_CHANGED))
                .as("the flag's changes, no canary weight").allSatisfy(e -> assertThat(e.data())
                        .containsEntry("flag", FLAG).containsEntry("loops", List.of(LOOP)))
                .extracting(e -> e.data().get("percentage")).containsExactly(20, 60);
        assertThat(events).filteredOn(e -> e.type().equals(EventTypes.STATE)).extracting(DeploymentEvent::message)
                .contains("release flag " + FLAG + " at 20%: 2.0.0 takes the requests it turns on")
                .noneMatch(message -> message.contains("canary"));
        assertThat(events).filteredOn(e -> e.type().equals(EventTypes.PROMOTED)).extracting(DeploymentEvent::message)
                .containsExactly("release by flag complete: [" + LOOP + "] now run 2.0.0 for every request");
        assertThat(events).filteredOn(e -> e.type().equals(EventTypes.ANALYSIS))
                .anySatisfy(e -> assertThat(e.data()).containsEntry("result", "pass").containsEntry("loop", LOOP));
    }

    @Test
    void aNewVersionAnsweringErrorsIsRolledBackByTheErrorRateTriggerAndTheFlagIsTurnedOff() throws Exception {
        startWithV1AndTraffic();

        Deployment bad = agent.awaitEnd(deploy(release("2.0.0", Map.of("SAMPLE_ERROR_RATE", "0.5")),
                options(List.of(phase(30, 60), Map.of("percentage", 100)))));
        long end = System.nanoTime();
        long answered = traffic.answers().size();
        await().atMost(Duration.ofSeconds(20)).until(() -> traffic.answers().size() >= answered + 300);

        assertThat(bad.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(bad.reason()).contains("error rate").contains(LOOP);
        FlagState flag = currentFlag();
        assertThat(flag.flag().enabled()).as("the release flag is off").isFalse();
        assertThat(flag.updatedBy()).isEqualTo(bad.id());
        assertThat(traffic.answers()).filteredOn(a -> a.sentNanos() > end).extracting(Answer::version)
                .as("nothing reaches the new version after the rollback").containsOnly("1.0.0");
        assertThat(traffic.answers()).filteredOn(a -> a.sentNanos() < end).extracting(Answer::version)
                .contains("2.0.0");
        assertThat(loopStatus().instances()).extracting(InstanceStatus::version).containsOnly("1.0.0");
        assertThat(traffic.failures()).as("only the faulty loop's own 500s, nothing from the router")
                .allMatch(f -> f.startsWith("500 "));
        List<DeploymentEvent> events = agent.events(bad.id());
        assertThat(events).filteredOn(e -> e.type().equals(EventTypes.ANALYSIS))
                .anySatisfy(e -> assertThat(e.data()).containsEntry("result", "fail").containsEntry("trigger", "error_rate"));
        DeploymentEvent flagOff = events.stream()
                .filter(e -> e.type().equals(EventTypes.ROLLBACK_STARTED) && FLAG.equals(e.data().get("flag")))
                .findFirst().orElseThrow();
        assertThat(flagOff.data()).containsEntry("enabled", false).containsEntry("percentage", 30)
                .containsKey("flagOffMicros");
        assertThat(bad.reason()).startsWith(LOOP + " 2.0.0 failed the analysis with release flag " + FLAG + " at 30%: ");
        // The event is written once the flag is off: a request sent after it was routed by the flag off.
        long offMillis = flagOff.time().toEpochMilli() + 1;
        assertThat(traffic.answers()).filteredOn(a -> a.sentEpochMillis() > offMillis).isNotEmpty()
                .extracting(Answer::version).as("nothing reaches the new version once the flag is off")
                .containsOnly("1.0.0");
        assertThatThrownBy(() -> agent.ops().controlDeployment(bad.id(), "resume", "alice", null))
                .isInstanceOf(OperationException.class);
    }

    @Test
    void pauseHoldsTheFlagAndPromoteRetiresItAtOnce() throws Exception {
        startWithV1AndTraffic();
        Deployment v2 = deploy(release("2.0.0", Map.of()), options(List.of(phase(20, 600), Map.of("percentage", 100))));
        duringPhase(20);

        agent.ops().controlDeployment(v2.id(), "pause", "alice", null);
        int revision = currentFlag().revision();
        // Paused: several analysis intervals go by and the flag stays at its revision.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> currentFlag().revision() == revision);
        assertThat(agent.ops().deployment(v2.id()).orElseThrow().state()).isEqualTo(DeploymentState.PAUSED);

        agent.ops().controlDeployment(v2.id(), "promote", "alice", null);
        Deployment done = agent.awaitEnd(v2);
        long end = System.nanoTime();
        long answered = traffic.answers().size();
        await().atMost(Duration.ofSeconds(20)).until(() -> traffic.answers().size() >= answered + 200);

        assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(currentFlag()).isNull();
        assertThat(traffic.answers()).filteredOn(a -> a.sentNanos() > end).extracting(Answer::version)
                .containsOnly("2.0.0");
        assertThat(traffic.failures()).isEmpty();
    }

    @Test
    void anAgentRestartInTheMiddleRestoresTheOldVersionAndTurnsTheFlagOff() throws Exception {
        startWithV1AndTraffic();
        Deployment v2 = deploy(release("2.0.0", Map.of()), options(List.of(phase(20, 600), Map.of("percentage", 100))));
        duringPhase(20);
        traffic.stop();

        agent.restart();

        // The restarted agent serves at once and restores the old version meanwhile, on its deployment thread.
        Deployment after = await("the interrupted deployment rolled back").atMost(Duration.ofSeconds(60))
                .until(() -> agent.ops().deployment(v2.id()).orElseThrow(), Deployment::isFinished);
        assertThat(after.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        FlagState flag = currentFlag();
        assertThat(flag.flag().enabled()).isFalse();
        assertThat(flag.updatedBy()).isEqualTo(v2.id());
        // The restarted agent routes an instance again once its health is known.
        await().atMost(Duration.ofSeconds(30)).until(() -> loopStatus().instances().stream()
                .anyMatch(i -> i.healthy() && i.weight() > 0));
        traffic = KeyedTraffic.start(agent.routerPort(), 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> traffic.answers().size() >= 200);
        assertThat(traffic.answers()).extracting(Answer::version).containsOnly("1.0.0");
        assertThat(traffic.failures()).isEmpty();
    }

    /**
     * The case of issue 13: the flag-driven loop gets no keyed request, so its analysis stays inconclusive (0 of 5
     * requests) past the phase's duration. The deployment is not held silently as PROGRESSING: it pauses, naming the
     * loop and why, in its state, its reason, the status and the events; resume goes on to the next phase.
     */
    @Test
    void anInconclusivePhasePausesTheDeploymentNamingTheLoopAndResumeGoesOnToTheNextPhase() throws Exception {
        startWithV1AndAnonymousTraffic();
        Deployment v2 = deploy(release("2.0.0", Map.of()),
                options(List.of(phase(20, 3), phase(60, 3), Map.of("percentage", 100))));

        Deployment held = awaitPaused(v2, "20%");
        String why = LOOP + " 2.0.0 by release flag at 20%: no passing check in the phase's 3 s, the last inconclusive:"
                + " 0 canary requests, 5 needed";
        assertThat(held.reason()).startsWith(why).endsWith("; the deployment is paused: resume to go on to the next"
                + " phase, promote, or abort (canary.on_inconclusive: pause)");
        assertThat(agent.ops().status().deployment()).satisfies(d -> {
            assertThat(d.state()).isEqualTo(DeploymentState.PAUSED);
            assertThat(d.reason()).isEqualTo(held.reason());
        });
        DeploymentEvent pausedEvent = agent.eventsSoFar(v2.id()).stream()
                .filter(e -> e.state() == DeploymentState.PAUSED && e.type().equals(EventTypes.STATE))
                .findFirst().orElseThrow();
        assertThat(pausedEvent.message()).isEqualTo(held.reason());
        assertThat(pausedEvent.data()).containsEntry("cause", "inconclusive").containsEntry("loops", List.of(LOOP));
        // Held: checks go on (still inconclusive), the phase and the flag stay.
        int revision = currentFlag().revision();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                deployment(v2).state() == DeploymentState.PAUSED && loopStatus().progress().phase().equals("20%")
                        && currentFlag().revision() == revision);

        agent.ops().controlDeployment(v2.id(), "resume", "alice", null);
        Deployment heldAgain = awaitPaused(v2, "60%");
        assertThat(heldAgain.reason()).startsWith(LOOP + " 2.0.0 by release flag at 60%: no passing check");
        assertThat(currentFlag().flag().rolloutPercentage()).isEqualTo(60);
        assertThat(agent.eventsSoFar(v2.id())).extracting(DeploymentEvent::message)
                .contains("resumed after the analysis stayed inconclusive: the 20% phase counts as done");

        agent.ops().controlDeployment(v2.id(), "promote", "alice", null);
        Deployment done = agent.awaitEnd(v2);
        assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(done.reason()).isNull();
        long end = System.nanoTime();
        long answered = traffic.answers().size();
        await().atMost(Duration.ofSeconds(20)).until(() -> traffic.answers().size() >= answered + 100);
        assertThat(traffic.answers()).filteredOn(a -> a.sentNanos() > end).extracting(Answer::version)
                .containsOnly("2.0.0");
        assertThat(traffic.failures()).isEmpty();
    }

    @Test
    void withOnInconclusiveRollbackAnInconclusivePhaseRollsTheDeploymentBack() throws Exception {
        startWithV1AndAnonymousTraffic();
        Deployment v2 = deploy(release("2.0.0", Map.of()), options(List.of(phase(20, 3), Map.of("percentage", 100)),
                Map.of("on_inconclusive", "rollback"), Map.of()));

        Deployment done = agent.awaitEnd(v2);

        assertThat(done.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(done.reason()).startsWith(LOOP + " 2.0.0 by release flag at 20%: no passing check in the phase's"
                + " 3 s, the last inconclusive: 0 canary requests, 5 needed").endsWith("(canary.on_inconclusive: rollback)");
        assertThat(agent.events(v2.id())).extracting(DeploymentEvent::state).doesNotContain(DeploymentState.PAUSED);
        assertThat(currentFlag().flag().enabled()).as("the release flag is off").isFalse();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(loopStatus().instances())
                .extracting(InstanceStatus::version).containsOnly("1.0.0"));
        assertThat(traffic.failures()).isEmpty();
    }

    /**
     * The timeout is all the test waits for once the deployment is paused: long enough for the new instance to start
     * and the first phase to begin on a loaded machine (a few seconds), no longer.
     */
    @Test
    void theDeploymentTimeoutRollsBackAPausedDeployment() throws Exception {
        startWithV1AndAnonymousTraffic();
        Deployment v2 = deploy(release("2.0.0", Map.of()), options(List.of(phase(20, 600), Map.of("percentage", 100)),
                Map.of(), Map.of("deployment_timeout_seconds", 15)));
        await().atMost(Duration.ofSeconds(15)).until(() -> loopStatus().progress() != null);
        agent.ops().controlDeployment(v2.id(), "pause", "alice", "looking at the figures");
        assertThat(deployment(v2).reason()).isEqualTo("paused by alice: looking at the figures");

        Deployment done = agent.awaitEnd(v2);

        assertThat(done.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(done.reason())
                .isEqualTo("deployment timeout: still running 15 s after it was accepted (rollback.deployment_timeout)");
        assertThat(done.durationMillis()).isGreaterThanOrEqualTo(15_000);
        assertThat(currentFlag().flag().enabled()).isFalse();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(loopStatus().instances())
                .extracting(InstanceStatus::version).containsOnly("1.0.0"));
        assertThat(traffic.failures()).isEmpty();
    }

    /** One answered request: who sent it (null: no targeting key), whether in the beta segment, which version. */
    record Answer(long sentNanos, long sentEpochMillis, long doneNanos, String user, boolean beta, String version) {}

    /**
     * Requests to identity_manager from a fixed population of keyed users (X-OpenClaw-User), beta-tier users
     * (X-OpenClaw-User-Tier: beta) and anonymous requests, in rotation; every answer and failure is kept.
     */
    static final class KeyedTraffic {
        private static final Pattern VERSION = Pattern.compile("\"version\":\"([^\"]*)\"");
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final URI uri;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong sequence = new AtomicLong();
        private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final List<Thread> threads = new ArrayList<>();

        private final boolean anonymous;

        private KeyedTraffic(int routerPort, boolean anonymous) {
            this.uri = URI.create("http://127.0.0.1:" + routerPort + "/loops/" + LOOP + "/work");
            this.anonymous = anonymous;
        }

        static KeyedTraffic start(int routerPort, int threads) {
            return start(routerPort, threads, false);
        }

        /** Only requests without a targeting key or a segment header. */
        static KeyedTraffic startAnonymous(int routerPort, int threads) {
            return start(routerPort, threads, true);
        }

        private static KeyedTraffic start(int routerPort, int threads, boolean anonymous) {
            KeyedTraffic t = new KeyedTraffic(routerPort, anonymous);
            for (int i = 0; i < threads; i++) {
                Thread thread = new Thread(t::run, "keyed-traffic-" + i);
                thread.setDaemon(true);
                t.threads.add(thread);
                thread.start();
            }
            return t;
        }

        private void run() {
            while (running.get()) {
                long n = sequence.getAndIncrement();
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
                String user = null;
                boolean beta = !anonymous && n % 10 == 0;
                if (beta) {
                    user = "beta-" + (n / 10) % 20;
                    request.header("X-OpenClaw-User", user).header("X-OpenClaw-User-Tier", "beta");
                } else if (!anonymous && n % 10 != 1) {
                    user = "user-" + n % USERS;
                    request.header("X-OpenClaw-User", user);
                }
                long sent = System.nanoTime();
                long sentMillis = System.currentTimeMillis();
                try {
                    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    Matcher m = VERSION.matcher(r.body());
                    if (r.statusCode() == 200 && m.find()) {
                        answers.add(new Answer(sent, sentMillis, System.nanoTime(), user, beta, m.group(1)));
                    } else {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    failures.add("connection: " + e);
                }
            }
        }

        List<Answer> answers() {
            return List.copyOf(answers);
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }
}
