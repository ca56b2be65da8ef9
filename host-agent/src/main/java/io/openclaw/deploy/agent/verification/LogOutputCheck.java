package io.openclaw.deploy.agent.verification;

import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Spec 10.2 "log output normal": per loop, the error lines its serving instances wrote since the baseline, against
 * the share of error lines the loop had before (its own normal, not a global number).
 */
final class LogOutputCheck implements Check {
    private final Function<InstanceSpec, Path> logFile;
    private final LogTally logs;
    private final double factor;
    private final int allowance;

    LogOutputCheck(Function<InstanceSpec, Path> logFile, LogTally logs, double factor, int allowance) {
        this.logFile = logFile;
        this.logs = logs;
        this.factor = factor;
        this.allowance = allowance;
    }

    @Override
    public String id() {
        return "log_output";
    }

    @Override
    public String title() {
        return "Log output normal";
    }

    @Override
    public Finding run(VerificationRun run) {
        LogBaseline baseline = run.baseline();
        Map<String, LogBaseline.LogCount> now = new LinkedHashMap<>();
        List<String> unreadable = new ArrayList<>();
        for (ServingLoop loop : run.loops()) {
            LogBaseline.LogCount since = LogBaseline.LogCount.ZERO;
            for (InstanceSnapshot i : loop.instances()) {
                Path file = logFile.apply(i.spec());
                try {
                    since = since.plus(logs.since(file, baseline.sizeOf(file)));
                } catch (IOException e) {
                    unreadable.add(loop.loop() + ": cannot read " + file + ": " + e.getMessage());
                }
            }
            now.put(loop.loop(), since);
        }
        Finding judged = judge(now, run.logSharesBefore(), factor, allowance);
        if (unreadable.isEmpty()) {
            return judged;
        }
        List<String> problems = new ArrayList<>(judged.details());
        problems.addAll(unreadable);
        return Finding.judged(problems, judged.measured(), judged.threshold());
    }

    /**
     * Each loop's lines and error lines before the baseline (its normal), from its files then, up to their lengths
     * then; a file that cannot be read, or was rotated since, adds nothing.
     */
    static Map<String, LogBaseline.LogCount> sharesBefore(LogBaseline baseline, List<ServingLoop> loops,
            LogTally logs) {
        Map<String, LogBaseline.LogCount> before = new LinkedHashMap<>();
        for (ServingLoop loop : loops) {
            LogBaseline.LogCount normal = LogBaseline.LogCount.ZERO;
            for (Path file : baseline.filesOf(loop.loop())) {
                try {
                    normal = normal.plus(logs.before(file, baseline.sizeOf(file)));
                } catch (IOException e) {
                    // unknown: the loop is judged as one without errors before (plus the allowance)
                }
            }
            before.put(loop.loop(), normal);
        }
        return before;
    }

    /**
     * A loop may write {@code floor(its former error share x lines x factor) + allowance} error lines; a loop missing
     * from {@code before} had none.
     */
    static Finding judge(Map<String, LogBaseline.LogCount> now, Map<String, LogBaseline.LogCount> before,
            double factor, int allowance) {
        List<String> problems = new ArrayList<>();
        long lines = 0;
        long errors = 0;
        for (Map.Entry<String, LogBaseline.LogCount> e : now.entrySet()) {
            LogBaseline.LogCount c = e.getValue();
            lines += c.lines();
            errors += c.errors();
            double normal = before.getOrDefault(e.getKey(), LogBaseline.LogCount.ZERO).errorShare();
            long allowed = (long) Math.floor(normal * c.lines() * factor) + allowance;
            if (c.errors() > allowed) {
                problems.add(String.format(Locale.ROOT, "%s: %d error lines in %d lines (normal %.2f %%, allowed %d)",
                        e.getKey(), c.errors(), c.lines(), 100 * normal, allowed));
            }
        }
        String threshold = "per loop: at most " + trim(factor) + " x its error share before"
                + (allowance > 0 ? " + " + allowance + " lines" : "");
        return Finding.judged(problems, errors + " error lines in " + lines + " lines since the baseline", threshold);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
