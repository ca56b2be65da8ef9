package io.openclaw.deploy.agent.supervisor;

import io.openclaw.deploy.agent.LoopbackHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The loop's own shutdown request: {@code POST http://127.0.0.1:<port><path>} with an empty body. Bounded by a short
 * timeout because it runs on the thread that stops the instance (a supervisor worker or the caller of
 * {@link Supervisor#stop}, never the router's event loop) and the stop budget keeps running meanwhile.
 */
final class HttpShutdownCall {
    /** Longest wait for the answer: a loop that takes longer to answer is not going to honour the request. */
    static final Duration MAX_WAIT = Duration.ofSeconds(2);

    private final HttpClient http = LoopbackHttp.client();

    /** @param accepted the loop answered 2xx, i.e. it promised to exit on its own */
    record Answer(boolean accepted, String detail) {}

    Answer send(int port, String path, Duration budget) throws InterruptedException {
        Duration timeout = budget.compareTo(MAX_WAIT) < 0 ? budget : MAX_WAIT;
        String what = "POST " + path;
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(timeout.isZero() ? Duration.ofMillis(1) : timeout)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();
        } catch (IllegalArgumentException e) {
            return new Answer(false, what + " is not a usable URL: " + e.getMessage());
        }
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new Answer(status >= 200 && status < 300, what + " answered " + status);
        } catch (HttpTimeoutException e) {
            return new Answer(false, what + " got no answer within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            return new Answer(false, what + " failed: connection refused");
        } catch (IOException e) {
            // Also what a loop that exits before finishing its answer looks like; the caller checks the process.
            return new Answer(false, what + " failed: " + e);
        }
    }
}
