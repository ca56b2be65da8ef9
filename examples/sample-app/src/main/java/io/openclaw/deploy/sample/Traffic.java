package io.openclaw.deploy.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Steady concurrent traffic through the router to the sample loops, as OpenClaw's callers would send it, recording
 * every answer: which version served it, when it was sent, for which caller, and every failure with its cause. It
 * reads the sample loop's answers (their {@code version}, its injected errors), so it lives beside the loop; the demo
 * and the agent's tests drive their traffic with it. The loops never use it.
 */
public final class Traffic implements AutoCloseable {
    private static final Pattern VERSION = Pattern.compile("\"version\":\"([^\"]*)\"");

    /** One answered request: when it was sent (nanoTime), which version answered, and who asked. */
    public record Answer(long sentNanos, String version, Caller caller) {}

    /**
     * Who a request is sent for: {@code user} becomes {@code X-OpenClaw-User} (the targeting key) and {@code tier}
     * {@code X-OpenClaw-User-Tier}; both null for an anonymous request.
     */
    public record Caller(String user, String tier) {
        public static final Caller ANONYMOUS = new Caller(null, null);

        HttpRequest.Builder applyTo(HttpRequest.Builder request) {
            if (user != null) {
                request.header("X-OpenClaw-User", user);
            }
            if (tier != null) {
                request.header("X-OpenClaw-User-Tier", tier);
            }
            return request;
        }
    }

    /** Picks the caller of the n-th request of the traffic. */
    @FunctionalInterface
    public interface Callers {
        Caller of(long n);
    }

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> loopErrorsSent = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong requests = new AtomicLong();
    private final Callers callers;
    private final CountDownLatch stopped;
    private final List<Thread> threads = new ArrayList<>();
    private final Object progress = new Object();

    private Traffic(int routerPort, List<String> loops, int threadsPerLoop, Callers callers) {
        this.callers = callers;
        stopped = new CountDownLatch(loops.size() * threadsPerLoop);
        for (String loop : loops) {
            for (int t = 0; t < threadsPerLoop; t++) {
                URI uri = URI.create("http://127.0.0.1:" + routerPort + "/loops/" + loop + "/work");
                Thread thread = new Thread(() -> run(uri), "traffic-" + loop + "-" + t);
                thread.setDaemon(true);
                threads.add(thread);
            }
        }
        threads.forEach(Thread::start);
    }

    public static Traffic start(int routerPort, List<String> loops, int threadsPerLoop) {
        return new Traffic(routerPort, loops, threadsPerLoop, n -> Caller.ANONYMOUS);
    }

    /** Traffic to one loop whose requests carry the callers' identities. */
    public static Traffic startFor(int routerPort, String loop, int threads, Callers callers) {
        return new Traffic(routerPort, List.of(loop), threads, callers);
    }

    private void run(URI uri) {
        try {
            while (running.get()) {
                Caller caller = callers.of(requests.getAndIncrement());
                long sent = System.nanoTime();
                try {
                    HttpResponse<String> response = client.send(
                            caller.applyTo(HttpRequest.newBuilder(uri)).timeout(Duration.ofSeconds(10)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        failures.add(response.statusCode() + " " + response.body());
                        if (response.statusCode() >= 500 && response.body().contains(SampleLoop.INJECTED_ERROR)) {
                            loopErrorsSent.add(sent);
                        }
                        continue;
                    }
                    Matcher m = VERSION.matcher(response.body());
                    answers.add(new Answer(sent, m.find() ? m.group(1) : "?", caller));
                    synchronized (progress) {
                        progress.notifyAll();
                    }
                } catch (IOException e) {
                    failures.add(e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    public long requests() {
        return requests.get();
    }

    public long answered() {
        return answers.size();
    }

    /** Waits until {@code more} answers beyond the current count have arrived; false at the timeout. */
    public boolean awaitMoreAnswers(long more, Duration timeout) throws InterruptedException {
        long target = answered() + more;
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (answered() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    /** Every request that did not get a 200, with its status and body or its exception. */
    public List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** The failures the router caused: every failure but the 5xx a faulty loop answered itself. */
    public List<String> routerFailures() {
        return failures().stream()
                .filter(f -> !(f.startsWith("5") && f.contains(SampleLoop.INJECTED_ERROR)))
                .toList();
    }

    /** Send times (nanoTime) of the requests a loop answered with a 5xx it injected (SAMPLE_ERROR_RATE). */
    public List<Long> loopErrorsSent() {
        synchronized (loopErrorsSent) {
            return List.copyOf(loopErrorsSent);
        }
    }

    /** Every answer so far. */
    public List<Answer> answers() {
        synchronized (answers) {
            return List.copyOf(answers);
        }
    }

    /** Answers per version, in order of first appearance. */
    public Map<String, Long> answersByVersion() {
        synchronized (answers) {
            return answers.stream().collect(Collectors.groupingBy(
                    Answer::version, LinkedHashMap::new, Collectors.counting()));
        }
    }

    /**
     * Send time of the first request, sent after {@code nanoTime}, from which on every answer came from {@code
     * version}; -1 if that never happened.
     */
    public long settledOn(String version, long nanoTime) {
        synchronized (answers) {
            List<Answer> after = answers.stream()
                    .filter(a -> a.sentNanos() > nanoTime)
                    .sorted(Comparator.comparingLong(Answer::sentNanos))
                    .toList();
            long settled = -1;
            for (Answer a : after) {
                if (!a.version().equals(version)) {
                    settled = -1;
                } else if (settled < 0) {
                    settled = a.sentNanos();
                }
            }
            return settled;
        }
    }

    /** Versions that answered requests sent after {@code nanoTime}. */
    public List<String> versionsSentAfter(long nanoTime) {
        synchronized (answers) {
            return answers.stream().filter(a -> a.sentNanos() > nanoTime).map(Answer::version).toList();
        }
    }

    /** Stops sending and waits for the requests in flight to finish. */
    public void stop() throws InterruptedException {
        running.set(false);
        if (!stopped.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("traffic threads did not stop");
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
