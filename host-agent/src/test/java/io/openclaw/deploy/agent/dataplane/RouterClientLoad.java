package io.openclaw.deploy.agent.dataplane;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests to one router path in a loop from one thread, strict as wrk is: a refused connection, one closed before its
 * answer, an answer other than 200 and a body cut short are failures; a {@code Connection: close} answer is followed
 * by a new connection. No retries.
 */
final class RouterClientLoad implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

    final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicLong answers = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /** {@code keepAlive} false: a new connection for every request. */
    RouterClientLoad(int port, String path, boolean keepAlive) {
        thread = new Thread(() -> run(port, path, keepAlive), "load-" + (keepAlive ? "kept" : "fresh"));
        thread.setDaemon(true);
        thread.start();
    }

    private void run(int port, String path, boolean keepAlive) {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: router\r\n" + (keepAlive ? "" : "Connection: close\r\n")
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
        Socket socket = null;
        while (running) {
            try {
                if (socket == null) {
                    socket = new Socket("127.0.0.1", port);
                    socket.setSoTimeout(10_000);
                }
                socket.getOutputStream().write(request);
                InputStream in = socket.getInputStream();
                String head = readHead(in);
                if (head == null) {
                    failures.add("connection closed before an answer");
                    socket.close();
                    socket = null;
                    continue;
                }
                Matcher length = CONTENT_LENGTH.matcher(head);
                int expected = length.find() ? Integer.parseInt(length.group(1)) : 0;
                int got = in.readNBytes(expected).length;
                if (!head.startsWith("HTTP/1.1 200")) {
                    failures.add(head.lines().findFirst().orElse(head));
                } else if (got < expected) {
                    failures.add("body cut short: " + got + " of " + expected + " bytes after " + head);
                } else {
                    answers.incrementAndGet();
                }
                if (!keepAlive || got < expected || head.toLowerCase(Locale.ROOT).contains("connection: close")) {
                    socket.close();
                    socket = null;
                }
            } catch (IOException e) {
                failures.add(e.toString());
                socket = null;
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                return head.toString();
            }
        }
        return null;
    }

    /** Waits until {@code more} requests more have been answered, or one has failed. */
    void awaitMore(long more) {
        long target = answers.get() + more;
        await().atMost(PATIENCE).until(() -> answers.get() >= target || !failures.isEmpty());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(15_000);
    }
}
