package io.openclaw.deploy.sample;

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
                Boolean.parseBoolean(env.getOrDefault("SAMPLE_FAIL_HEALTH", "false").trim()),
                errorRate,
                parseInt("SAMPLE_LATENCY_MS", env.getOrDefault("SAMPLE_LATENCY_MS", "0")),
                parseInt("SAMPLE_STARTUP_MS", env.getOrDefault("SAMPLE_STARTUP_MS", "0")));
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
