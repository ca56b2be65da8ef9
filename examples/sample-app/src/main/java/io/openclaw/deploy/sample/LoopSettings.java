package io.openclaw.deploy.sample;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/** A loop's identity and injected faults, from arguments first and the environment second. */
record LoopSettings(
        int port,
        String loop,
        String version,
        String slot,
        boolean failHealth,
        double errorRate,
        long latencyMillis,
        long startupMillis) {

    static LoopSettings from(String[] args, Map<String, String> env) {
        String port = option(args, "--port", env.get("OPENCLAW_PORT"));
        if (port == null) {
            throw new IllegalArgumentException("no port: pass --port N or set OPENCLAW_PORT");
        }
        double errorRate = parseDouble("SAMPLE_ERROR_RATE", env.getOrDefault("SAMPLE_ERROR_RATE", "0"));
        if (errorRate < 0 || errorRate > 1) {
            throw new IllegalArgumentException("SAMPLE_ERROR_RATE must be between 0 and 1: " + errorRate);
        }
        int portNumber = parseInt("--port", port);
        if (portNumber < 0 || portNumber > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + portNumber);
        }
        return new LoopSettings(
                portNumber,
                option(args, "--loop", env.getOrDefault("OPENCLAW_LOOP", "sample_loop")),
                option(args, "--version", env.getOrDefault("OPENCLAW_VERSION", "0.0.0")),
                option(args, "--slot", env.getOrDefault("OPENCLAW_SLOT", "none")),
                Boolean.parseBoolean(env.getOrDefault("SAMPLE_FAIL_HEALTH", "false").trim())
                        || markerPresent(env.get("SAMPLE_FAIL_HEALTH_IF_FILE")),
                errorRate,
                parseInt("SAMPLE_LATENCY_MS", env.getOrDefault("SAMPLE_LATENCY_MS", "0")),
                parseInt("SAMPLE_STARTUP_MS", env.getOrDefault("SAMPLE_STARTUP_MS", "0")));
    }

    /**
     * {@code SAMPLE_FAIL_HEALTH_IF_FILE}: unhealthy when that file exists at start-up. Instances of one release then
     * differ by when they start, which lets a test fail only a later batch of a rolling update.
     */
    private static boolean markerPresent(String path) {
        if (path == null || path.isBlank()) {
            return false;
        }
        try {
            return Files.exists(Path.of(path.trim()));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("SAMPLE_FAIL_HEALTH_IF_FILE is not a path: " + path);
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static int parseInt(String what, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number: " + value);
        }
    }

    private static double parseDouble(String what, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number: " + value);
        }
    }
}
