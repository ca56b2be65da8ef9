package io.openclaw.deploy.sample;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of the Redis protocol (RESP) for the sample loop's counter: a script ({@code EVAL}) answering an
 * integer, over one connection, opened again after a failure. The sample loop has no dependencies (it must start in well under a second), hence no client
 * library. Callers serialise their calls.
 */
final class RespClient {
    private final String host;
    private final int port;
    private Socket socket;
    private InputStream input;

    private RespClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    static RespClient of(String url) {
        URI uri = URI.create(url.trim());
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("OPENCLAW_STATE_REDIS_URL must be redis://host:port, got " + url);
        }
        return new RespClient(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
    }

    /** {@code EVAL script 1 key arg}, whose reply is an integer. */
    long eval(String script, String key, String arg) throws IOException {
        return integer("EVAL", script, "1", key, arg);
    }

    private long integer(String... command) throws IOException {
        try {
            Socket s = connection();
            OutputStream out = s.getOutputStream();
            out.write(("*" + command.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String part : command) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            String reply = line();
            if (!reply.startsWith(":")) {
                throw new IOException("Redis answered " + command[0] + " with " + reply);
            }
            return Long.parseLong(reply.substring(1));
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private Socket connection() throws IOException {
        if (socket == null) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(host, port), 2_000);
            s.setSoTimeout(5_000);
            s.setTcpNoDelay(true);
            socket = s;
            input = new BufferedInputStream(s.getInputStream());
        }
        return socket;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = input.read()) >= 0; ) {
            if (c == '\r') {
                input.read();
                return sb.toString();
            }
            sb.append((char) c);
        }
        throw new IOException("Redis closed the connection");
    }

    private void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already broken
            }
            socket = null;
        }
    }
}
