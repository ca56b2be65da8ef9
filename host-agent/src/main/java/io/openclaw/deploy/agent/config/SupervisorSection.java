package io.openclaw.deploy.agent.config;

import io.openclaw.deploy.agent.config.yaml.YamlObject;
import java.time.Duration;

/** {@code supervisor:} how loop processes are started, watched, restarted, stopped and logged. */
final class SupervisorSection {
    static final String KEY = "supervisor";

    private SupervisorSection() {}

    static AgentConfig.Supervision read(YamlObject supervisor, AgentConfig.Supervision d) {
        Duration start = supervisor.duration("start_timeout_seconds", d.startTimeout());
        Duration drain = supervisor.duration("drain_timeout_seconds", d.drainTimeout());
        Duration stop = supervisor.duration("stop_timeout_seconds", d.stopTimeout());

        YamlObject health = supervisor.object("health");
        Duration interval = health.duration("interval_seconds", d.healthInterval());
        Duration timeout = health.duration("timeout_seconds", d.healthTimeout());
        int failures = health.integer("consecutive_failures", d.failureThreshold(), 1, 100);
        health.rejectUnknown();

        YamlObject backoff = supervisor.object("restart_backoff");
        Duration initial = backoff.duration("initial_seconds", d.restartBackoffInitial());
        Duration max = backoff.duration("max_seconds", d.restartBackoffMax());
        if (max.compareTo(initial) < 0) {
            throw backoff.problem("max_seconds", "must be at least initial_seconds (" + initial.toSeconds() + "), got "
                    + max.toSeconds());
        }
        backoff.rejectUnknown();

        YamlObject logs = supervisor.object("logs");
        long maxFileBytes = logs.longInteger("max_file_bytes", d.logMaxBytes(), 1024, Long.MAX_VALUE);
        int keepFiles = logs.integer("keep_files", d.logKeepFiles(), 1, 1000);
        logs.rejectUnknown();

        supervisor.rejectUnknown();
        return new AgentConfig.Supervision(start, drain, stop, interval, timeout, failures, initial, max, maxFileBytes, keepFiles);
    }

    static void write(ConfigFile f, AgentConfig.Supervision s) {
        f.section(KEY, "How loop processes are started, watched and stopped.")
                .value("start_timeout_seconds", s.startTimeout().toSeconds(),
                        "How long a new instance may take to answer its health check before the deployment gives up on it.")
                .value("drain_timeout_seconds", s.drainTimeout().toSeconds(),
                        "How long in-flight requests may run after an instance leaves rotation.")
                .value("stop_timeout_seconds", s.stopTimeout().toSeconds(),
                        "How long a process may take to exit when asked, before its whole process tree is killed.")
                .section("health", "Health checks of running instances (a release's openclaw.yaml says what to check).")
                .value("interval_seconds", s.healthInterval().toSeconds(), "Time between two checks of one instance.")
                .value("timeout_seconds", s.healthTimeout().toSeconds(),
                        "Timeout of one check where a release gives none (a manifest health check carries its own, default 5).")
                .value("consecutive_failures", s.failureThreshold(),
                        "Failed checks in a row after which an instance counts as unhealthy.")
                .end()
                .section("restart_backoff", "Restarting an instance that crashed: the delay doubles from initial to max.")
                .value("initial_seconds", s.restartBackoffInitial().toSeconds(), "Delay before the first restart.")
                .value("max_seconds", s.restartBackoffMax().toSeconds(), "Longest delay between two restarts.")
                .end()
                .section("logs", "Per-instance stdout/stderr files under logs/.")
                .value("max_file_bytes", s.logMaxBytes(), "Size at which a log file is rotated.")
                .value("keep_files", s.logKeepFiles(), "Rotated files kept per instance.")
                .end()
                .end();
    }
}
