package io.openclaw.deploy.bench.flags;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.openclaw.deploy.agent.flags.Evaluation;
import io.openclaw.deploy.agent.flags.EvaluationContext;
import io.openclaw.deploy.agent.flags.FlagEvaluator;
import io.openclaw.deploy.agent.flags.FlagParser;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process evaluation on one thread: a static flag, a sticky percentage split, and a flag whose second rule matches.
 * The targeting keys cycle through 1024 users so the split is not one cached branch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class FlagEvaluationBenchmark {
    private final FlagEvaluator evaluator = new FlagEvaluator();
    private EvaluationContext[] users;
    private EvaluationContext beta;
    private int next;

    @Setup
    public void setUp() throws Exception {
        ObjectMapper json = new ObjectMapper();
        evaluator.load(List.of(
                FlagParser.parse(json.readTree("{\"name\": \"static\", \"rollout_percentage\": 100}"), null),
                FlagParser.parse(json.readTree("{\"name\": \"split\", \"rollout_percentage\": 25}"), null),
                FlagParser.parse(json.readTree("""
                        {"name": "rules", "rollout_percentage": 0, "rules": [
                          {"action": "disable", "conditions": [{"property": "country", "operator": "in", "value": ["xx", "yy"]}]},
                          {"action": "enable", "conditions": [{"property": "user_tier", "operator": "equals", "value": "beta"},
                                                             {"property": "app_version", "operator": "semver_greater_than", "value": "1.2.0"}]}]}
                        """), null)));
        users = new EvaluationContext[1024];
        for (int i = 0; i < users.length; i++) {
            users[i] = EvaluationContext.of("user-" + i);
        }
        beta = new EvaluationContext("user-1", Map.of("user_tier", "beta", "app_version", "1.4.0", "country", "de"));
    }

    @Benchmark
    public Evaluation staticFlag() {
        return evaluator.evaluate("static", users[next++ & 1023]);
    }

    @Benchmark
    public Evaluation percentageSplit() {
        return evaluator.evaluate("split", users[next++ & 1023]);
    }

    @Benchmark
    public Evaluation rulesWithSemver() {
        return evaluator.evaluate("rules", beta);
    }
}
