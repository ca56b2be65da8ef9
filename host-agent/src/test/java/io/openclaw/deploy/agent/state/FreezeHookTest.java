package io.openclaw.deploy.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The freeze hook against real HTTP servers standing in for a loop's instances. */
class FreezeHookTest {
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<Boolean> sawEveryPause = Collections.synchronizedList(new ArrayList<>());

    private final List<ExecutorService> executors = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(s -> s.stop(0));
        executors.forEach(ExecutorService::shutdownNow);
    }

    /**
     * An instance that answers DELETE with 204 and POST with {@code pauseStatus}, the latter once every instance sharing
     * {@code asked} has been asked to pause (or after 5 s); {@link #sawEveryPause} records which it was.
     */
    private int instance(int pauseStatus, CountDownLatch asked) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newCachedThreadPool();
        executors.add(executor);
        server.setExecutor(executor);
        int port = server.getAddress().getPort();
        server.createContext("/state/freeze", exchange -> {
            calls.add(exchange.getRequestMethod() + " " + port);
            int status = 204;
            if ("POST".equals(exchange.getRequestMethod())) {
                asked.countDown();
                try {
                    sawEveryPause.add(asked.await(5, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = pauseStatus;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return port;
    }

    @Test
    void asksEveryInstanceAtOnceAndResumesThemAll() throws Exception {
        CountDownLatch asked = new CountDownLatch(2);
        int a = instance(204, asked);
        int b = instance(204, asked);

        FreezeHook.Frozen frozen = new FreezeHook().freeze("memory_manager", "/state/freeze", List.of(a, b));

        // Asked one after the other, the first would have answered before the second was asked.
        assertThat(sawEveryPause).as("each pause answered once both were asked").containsExactly(true, true);
        assertThat(frozen.resume()).isEmpty();
        assertThat(calls).containsExactlyInAnyOrder("POST " + a, "POST " + b, "DELETE " + a, "DELETE " + b);
    }

    @Test
    void oneRefusalResumesTheOthersAndFailsTheStep() throws Exception {
        CountDownLatch asked = new CountDownLatch(2);
        int willing = instance(204, asked);
        int refusing = instance(503, asked);

        assertThatThrownBy(() -> new FreezeHook().freeze("memory_manager", "/state/freeze", List.of(willing, refusing)))
                .isInstanceOf(StateMigrationException.class)
                .hasMessage("loop memory_manager did not pause its writes for the final state copy"
                        + " (POST /state/freeze on port " + refusing + ": answered 503)");
        assertThat(calls).containsExactlyInAnyOrder("POST " + willing, "POST " + refusing, "DELETE " + willing);
    }

    @Test
    void anInstanceThatIsGoneIsNamedWithItsConnectionFailure() throws Exception {
        int gone = instance(204, new CountDownLatch(0));
        servers.remove(0).stop(0);

        List<String> failed = new FreezeHook().resume("/state/freeze", List.of(gone));

        assertThat(failed).singleElement().asString().startsWith(gone + ": java.net.ConnectException");
    }
}
