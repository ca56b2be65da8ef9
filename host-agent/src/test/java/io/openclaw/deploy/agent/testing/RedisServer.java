package io.openclaw.deploy.agent.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real {@code redis-server} for one test, on a free loopback port, persisting nothing, with its files in a temporary
 * directory. Tests that need it are skipped (and say so) only where Debian's {@code redis-server} is not installed;
 * {@code .ci/run} installs it and checks that they ran.
 */
public final class RedisServer implements AutoCloseable {
    public static final String MISSING = "redis-server is not on the PATH: install Debian's redis-server package"
            + " (apt-get install redis-server; .ci/run does) to run the Redis state tests";

    private final Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Optional<Path> binary() {
        return PrometheusBinaries.find("redis-server");
    }

    /** Starts one and waits until it answers PING. */
    public static RedisServer start(Path dir) throws IOException {
        Path binary = binary().orElseThrow(() -> new IllegalStateException(MISSING));
        Files.createDirectories(dir);
        int port = FreePorts.block(1);
        Process p = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.out").toFile())
                .start();
        RedisServer server = new RedisServer(p, port);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !p.isAlive() || server.pingable());
            if (!p.isAlive()) {
                throw new IOException("redis-server exited (" + p.exitValue() + "): "
                        + Files.readString(dir.resolve("redis.log")));
            }
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    private boolean pingable() {
        try {
            return command("PING").equals("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** One command over a fresh connection; the first line of the reply (e.g. {@code :42}, {@code $-1}). */
    public String command(String... args) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            s.setSoTimeout(5_000);
            StringBuilder out = new StringBuilder("*" + args.length + "\r\n");
            for (String a : args) {
                out.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            OutputStream o = s.getOutputStream();
            o.write(out.toString().getBytes(StandardCharsets.UTF_8));
            o.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) >= 0 && c != '\r'; ) {
                line.append((char) c);
            }
            if (line.charAt(0) == '$' && !line.toString().equals("$-1")) {
                in.read(); // '\n'
                int length = Integer.parseInt(line.substring(1));
                return new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            return line.toString();
        }
    }

    /** Stops it (a test of an unreachable Redis stops it before the deployment). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
