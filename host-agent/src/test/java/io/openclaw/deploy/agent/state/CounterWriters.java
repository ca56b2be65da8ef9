package io.openclaw.deploy.agent.state;

import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.testing.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Clients writing the sample loop's counter through the router, as fast as they are answered. A 200 is an
 * acknowledged write and its value is kept; anything else is not acknowledged. A request that ended without an
 * answer (a timeout) may or may not have been applied: those are counted apart.
 */
final class CounterWriters {
    private static final Pattern VALUE = Pattern.compile("\"value\":(\\d+)");
    private static final Pattern REDIS = Pattern.compile("\"redis\":(\\d+)");
    private static final Pattern SLOT = Pattern.compile("\"slot\":\"(\\w+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI uri;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    final Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();
    final Queue<Long> acknowledgedInRedis = new ConcurrentLinkedQueue<>();
    /** The acknowledged values per slot that answered them: while both slots serve, each writes its own copy. */
    final Map<String, Queue<Long>> acknowledgedBySlot = new ConcurrentHashMap<>();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong unanswered = new AtomicLong();

    private CounterWriters(int routerPort, String loop) {
        this.uri = URI.create("http://127.0.0.1:" + routerPort + "/loops/" + loop + "/counter");
    }

    static CounterWriters start(int routerPort, String loop, int threads) {
        CounterWriters w = new CounterWriters(routerPort, loop);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(w::write, "counter-writer-" + i);
            t.setDaemon(true);
            t.start();
            w.threads.add(t);
        }
        return w;
    }

    /** One write, from the test thread (no writer running). */
    static String post(int routerPort, String loop) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + routerPort + "/loops/" + loop
                + "/counter")).POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static long read(int routerPort, String loop) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String body = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + routerPort + "/loops/"
                + loop + "/counter")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = VALUE.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no counter value in " + body);
        }
        return Long.parseLong(m.group(1));
    }

    private void write() {
        HttpRequest request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(60)).build();
        while (running.get()) {
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    refused.incrementAndGet();
                    continue;
                }
                Matcher m = VALUE.matcher(r.body());
                if (m.find()) {
                    acknowledged.add(Long.parseLong(m.group(1)));
                    Matcher slot = SLOT.matcher(r.body());
                    if (slot.find()) {
                        acknowledgedBy(slot.group(1)).add(Long.parseLong(m.group(1)));
                    }
                }
                Matcher redis = REDIS.matcher(r.body());
                if (redis.find()) {
                    acknowledgedInRedis.add(Long.parseLong(redis.group(1)));
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                unanswered.incrementAndGet();
            }
        }
    }

    /** The sample counter's value in Redis: the sum of its instances' counts under a slot's prefix. */
    static long total(RedisServer redis, String slotPrefix) throws IOException {
        String reply = redis.command("EVAL", "local total = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1]))"
                + " do total = total + tonumber(redis.call('GET', k)) end return total", "0", slotPrefix + "counts:*");
        if (!reply.startsWith(":")) {
            throw new IllegalStateException("Redis answered " + reply);
        }
        return Long.parseLong(reply.substring(1));
    }

    /** Waits until the slot has acknowledged {@code more} writes beyond those it has now. */
    void awaitMore(String slot, int more) {
        Queue<Long> values = acknowledgedBy(slot);
        int target = values.size() + more;
        await().atMost(Duration.ofSeconds(180)).until(() -> values.size() >= target);
    }

    Queue<Long> acknowledgedBy(String slot) {
        return acknowledgedBySlot.computeIfAbsent(slot, s -> new ConcurrentLinkedQueue<>());
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(120_000);
        }
    }
}
