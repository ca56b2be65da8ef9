package io.openclaw.deploy.agent.flags;

import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.journal.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the loops read flags: the OFREP base URL and the read-only token, handed to every loop process as
 * {@code OPENCLAW_FLAGS_URL} and {@code OPENCLAW_FLAGS_TOKEN}. The running agent records the URL in
 * {@code state/flags-url} so that whoever plans a loop process finds it without a reference to the OFREP server.
 */
public record FlagsEndpoint(String url, String token) {
    public static final String URL_ENV = "OPENCLAW_FLAGS_URL";
    public static final String TOKEN_ENV = "OPENCLAW_FLAGS_TOKEN";

    public static Path tokenFile(AgentHome home) {
        return home.conf().resolve(FlagsToken.FILE);
    }

    static Path urlFile(AgentHome home) {
        return home.state().resolve("flags-url");
    }

    void save(AgentHome home) throws IOException {
        AtomicFiles.write(urlFile(home), (url + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    static void forget(AgentHome home) throws IOException {
        Files.deleteIfExists(urlFile(home));
    }

    /** The endpoint of the agent running on this home, if its OFREP server is up. */
    public static Optional<FlagsEndpoint> current(AgentHome home) {
        try {
            Path url = urlFile(home);
            Path token = tokenFile(home);
            if (!Files.isRegularFile(url) || !Files.isRegularFile(token)) {
                return Optional.empty();
            }
            return Optional.of(new FlagsEndpoint(
                    Files.readString(url, StandardCharsets.US_ASCII).strip(),
                    Files.readString(token, StandardCharsets.US_ASCII).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the flags endpoint", e);
        }
    }

    /** {@code environment} with this endpoint's two variables in place of any it had. */
    public Map<String, String> appliedTo(Map<String, String> environment) {
        Map<String, String> applied = new HashMap<>(environment);
        applied.putAll(environment());
        return applied;
    }

    /** The two environment variables of a loop process. */
    public Map<String, String> environment() {
        return Map.of(URL_ENV, url, TOKEN_ENV, token);
    }

    @Override
    public String toString() {
        return "FlagsEndpoint[url=" + url + ", token=redacted]";
    }
}
