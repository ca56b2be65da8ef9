package io.openclaw.deploy.bench.flags;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.openclaw.deploy.agent.flags.FlagService;
import io.openclaw.deploy.agent.flags.FlagsToken;
import io.openclaw.deploy.agent.flags.OfrepServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop OFREP load over loopback: the real OFREP listener in this JVM, {@code clients} threads each sending
 * single-flag evaluations back to back on a keep-alive connection for {@code seconds}. Prints requests per second
 * and latency percentiles. Closed-loop: latency under overload is understated (coordinated omission).
 *
 * <p>Usage: {@code OfrepLoopbackLoad [clients=8] [seconds=10]}
 */
public final class OfrepLoopbackLoad {
    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path dir = Files.createTempDirectory("ofrep-load");
        FlagService flags = new FlagService(dir, Clock.systemUTC());
        flags.put("split", new ObjectMapper().readTree("{\"rollout_percentage\": 25}"), "bench");
        String token = FlagsToken.generate();
        try (OfrepServer server = new OfrepServer("127.0.0.1", 0, flags.evaluator(), FlagsToken.of(token)).start()) {
            URI uri = URI.create(server.baseUrl() + "/ofrep/v1/evaluate/flags/split");
            AtomicLong errors = new AtomicLong();
            List<long[]> latencies = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(clients);
            long warmEnd = System.nanoTime() + 2_000_000_000L;
            long end = warmEnd + seconds * 1_000_000_000L;
            for (int c = 0; c < clients; c++) {
                long[] samples = new long[1_000_000];
                latencies.add(samples);
                int id = c;
                Thread t = new Thread(() -> {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    int n = 0;
                    long i = 0;
                    try {
                        while (true) {
                            long start = System.nanoTime();
                            if (start > end) {
                                break;
                            }
                            String body = "{\"context\":{\"targetingKey\":\"user-" + id + "-" + (i++ % 1000) + "\"}}";
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                                            .header("Authorization", "Bearer " + token)
                                            .header("Content-Type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) {
                                errors.incrementAndGet();
                            }
                            if (start > warmEnd && n < samples.length) {
                                samples[n++] = System.nanoTime() - start;
                            }
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    } finally {
                        samples[samples.length - 1] = n;
                        done.countDown();
                    }
                }, "load-" + c);
                t.start();
            }
            done.await();
            long total = 0;
            List<Long> all = new ArrayList<>();
            for (long[] s : latencies) {
                int n = (int) s[s.length - 1];
                total += n;
                for (int i = 0; i < n; i++) {
                    all.add(s[i]);
                }
            }
            long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            System.out.printf("clients=%d seconds=%d requests=%d errors=%d rps=%.0f p50=%.3fms p99=%.3fms%n",
                    clients, seconds, total, errors.get(), total / (double) seconds,
                    sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
        }
    }
}
