import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A constant-rate HTTP/1.1 load generator (the wrk2 idea; Debian has neither wrk2 nor hey's rate option everywhere):
 * CONNECTIONS keep-alive connections each send GETs on a fixed schedule, and a request's latency is measured from the
 * moment it was due, not from when it was sent. A server that stalls therefore gets the queueing it caused counted
 * (no coordinated omission), which a closed-loop client such as wrk hides.
 *
 * <pre>java bench/client/ConstantRate.java URL RATE_PER_SECOND SECONDS CONNECTIONS</pre>
 *
 * Prints one line: {@code rate=... sent=... ok=... errors=... p50_ms=... p90_ms=... p99_ms=... max_ms=...}.
 */
public final class ConstantRate {
    private static final long WARM_UP_NANOS = 1_000_000_000L;

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        double rate = Double.parseDouble(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        long intervalNanos = (long) (1e9 * connections / rate);
        int perConnection = (int) (rate * (seconds + 1) / connections); // + the warm-up second, not counted
        byte[] request = ("GET " + (uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\nHost: " + uri.getHost()
                + ":" + uri.getPort() + "\r\nUser-Agent: constant-rate\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        long[][] latencies = new long[connections][perConnection];
        int[] counts = new int[connections];
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(connections);
        long start = System.nanoTime() + 200_000_000L;
        for (int c = 0; c < connections; c++) {
            int id = c;
            // Connections are offset within the interval so that the requests are spread evenly over time.
            long first = start + intervalNanos * id / connections;
            Thread t = new Thread(() -> {
                try {
                    run(uri, request, first, intervalNanos, latencies[id], counts, id, errors);
                } finally {
                    done.countDown();
                }
            });
            t.setDaemon(true);
            t.start();
        }
        done.await();
        long[] all = Arrays.stream(latencies).flatMapToLong(a -> Arrays.stream(a)).filter(v -> v > 0).sorted()
                .toArray();
        long ok = Arrays.stream(counts).asLongStream().sum();
        System.out.printf("rate=%.0f sent=%d ok=%d errors=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                rate, (long) (rate * seconds), ok, errors.get(), pct(all, 0.50), pct(all, 0.90),
                pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    private static void run(URI uri, byte[] request, long first, long interval, long[] out, int[] counts, int id,
            AtomicLong errors) {
        Socket socket = null;
        Reader in = null;
        OutputStream os = null;
        for (int i = 0; i < out.length; i++) {
            long due = first + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
                    in = new Reader(socket.getInputStream());
                    os = socket.getOutputStream();
                }
                os.write(request);
                os.flush();
                int status = in.response();
                if (status / 100 != 2) {
                    errors.incrementAndGet();
                    continue;
                }
                if (due - first >= WARM_UP_NANOS) { // the first second warms the JIT up and opens the connection
                    out[i] = Math.max(1, System.nanoTime() - due);
                    counts[id]++;
                }
            } catch (IOException e) {
                errors.incrementAndGet();
                try {
                    if (socket != null) {
                        socket.close();
                    }
                } catch (IOException ignored) {
                    // already broken
                }
                socket = null;
            }
        }
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // the run is over
        }
    }

    /** Reads responses from one connection through its own buffer (a read per byte would cost more than a proxy). */
    private static final class Reader {
        private final InputStream in;
        private final byte[] buf = new byte[65536];
        private int pos;
        private int end;

        Reader(InputStream in) {
            this.in = in;
        }

        /** Reads one response (Content-Length or chunked body) and returns its status. */
        int response() throws IOException {
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            String h;
            while (!(h = line()).isEmpty()) {
                int colon = h.indexOf(':');
                String name = h.substring(0, colon).trim();
                String value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                long size;
                while ((size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0) {
                    skip(size + 2);
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length > 0) {
                skip(length);
            }
            return status;
        }

        private boolean fill() throws IOException {
            if (pos < end) {
                return true;
            }
            end = in.read(buf);
            pos = 0;
            if (end < 0) {
                end = 0;
                throw new IOException("connection closed");
            }
            return true;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            while (true) {
                fill();
                byte b = buf[pos++];
                if (b == '\n') {
                    return sb.toString();
                }
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                fill();
                int step = (int) Math.min(n, end - pos);
                pos += step;
                n -= step;
            }
        }
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
