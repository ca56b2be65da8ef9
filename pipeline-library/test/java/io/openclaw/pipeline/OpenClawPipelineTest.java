package io.openclaw.pipeline;

import static com.lesfurets.jenkins.unit.MethodSignature.method;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lesfurets.jenkins.unit.BasePipelineTest;
import com.lesfurets.jenkins.unit.MethodCall;
import groovy.lang.Closure;
import groovy.lang.Script;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs vars/openclawPipeline.groovy with JenkinsPipelineUnit, Pipeline steps replaced by recorders. */
class OpenClawPipelineTest extends BasePipelineTest {
    private final List<Map<String, Object>> deployments = new ArrayList<>();
    private final List<String> commands = new ArrayList<>();
    private final List<List<?>> environments = new ArrayList<>();
    private final List<Boolean> deployedInsideNode = new ArrayList<>();
    private final List<Map<String, Object>> archived = new ArrayList<>();
    private final boolean[] insideNode = {false};
    private final List<String> batScripts = new ArrayList<>();
    private String commitMessage = "Fix the planner loop";
    /** env.BRANCH_NAME (set by multibranch jobs only); null leaves it out of env. */
    private String branch = "main";
    /** GIT_BRANCH in the map that {@code checkout scm} returns; null leaves it out. */
    private String checkoutGitBranch = null;
    /** What {@code git rev-parse --abbrev-ref HEAD} prints: Jenkins checks out a detached HEAD. */
    private String revParse = "HEAD\n";

    /** {@code withEnv(list) { body }}: records the environment and runs the body. */
    public static final class WithEnv extends Closure<Object> {
        private final List<List<?>> environments;

        WithEnv(List<List<?>> environments) {
            super(null);
            this.environments = environments;
        }

        public Object doCall(List<?> env, Closure<?> body) {
            environments.add(env);
            return body.call();
        }
    }

    /** {@code node(label) { body }}: runs the body and remembers that it runs inside a node (holds an executor). */
    public static final class NodeBlock extends Closure<Object> {
        private final boolean[] insideNode;

        NodeBlock(boolean[] insideNode) {
            super(null);
            this.insideNode = insideNode;
        }

        public Object doCall(String label, Closure<?> body) {
            insideNode[0] = true;
            try {
                return body.call();
            } finally {
                insideNode[0] = false;
            }
        }
    }

    /** Stands in for GitSCM as {@code scm}: the remotes it declares (a remote without a name is 'origin'). */
    public static final class GitScm {
        private final List<Map<String, String>> remotes;

        GitScm(List<Map<String, String>> remotes) {
            this.remotes = remotes;
        }

        public List<Map<String, String>> getUserRemoteConfigs() {
            return remotes;
        }
    }

    @BeforeEach
    void setUpPipeline() throws Exception {
        setScriptRoots("src", ".");
        super.setUp();
        getHelper().registerAllowedMethod(method("isUnix"), (java.util.function.Function<Object, Object>) a -> true);
        getHelper().registerAllowedMethod(method("sh", Map.class), (java.util.function.Function<Object, Object>) a -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) a;
            String script = String.valueOf(m.get("script"));
            commands.add(script);
            if (script.startsWith("git log")) {
                return commitMessage;
            }
            if (script.startsWith("git rev-parse")) {
                return revParse;
            }
            return Boolean.TRUE.equals(m.get("returnStdout")) ? "" : null;
        });
        getHelper().registerAllowedMethod(method("bat", Map.class), (java.util.function.Function<Object, Object>) a -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) a;
            String script = String.valueOf(m.get("script"));
            batScripts.add(script);
            if (script.contains("git log")) {
                // cmd.exe runs bat's script as a batch file, where only %% reaches git as the % of --pretty=%B.
                return script.contains("--pretty=%%B") ? commitMessage : "B\n";
            }
            if (script.contains("git rev-parse")) {
                return revParse;
            }
            return Boolean.TRUE.equals(m.get("returnStdout")) ? "" : null;
        });
        java.util.function.Function<Object, Object> checkout = a -> {
            Map<String, Object> scmVars = new LinkedHashMap<>();
            scmVars.put("GIT_COMMIT", "4f1c2d3e");
            if (checkoutGitBranch != null) {
                scmVars.put("GIT_BRANCH", checkoutGitBranch);
            }
            return scmVars;
        };
        getHelper().registerAllowedMethod(method("checkout", Map.class), checkout);
        getHelper().registerAllowedMethod(method("checkout", GitScm.class), checkout);
        getHelper().registerAllowedMethod(method("openclawDeploy", Map.class),
                (java.util.function.Function<Object, Object>) a -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) a);
                    deployments.add(m);
                    deployedInsideNode.add(insideNode[0]);
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("id", "d-" + deployments.size());
                    result.put("version", "1.4.2");
                    result.put("state", "SUCCEEDED");
                    return result;
                });
        getHelper().registerAllowedMethod("withEnv", List.of(List.class, Closure.class), new WithEnv(environments));
        getHelper().registerAllowedMethod("node", List.of(String.class, Closure.class), new NodeBlock(insideNode));
        getHelper().registerAllowedMethod(method("archiveArtifacts", Map.class),
                (java.util.function.Function<Object, Object>) a -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) a);
                    m.put("insideNode", insideNode[0]);
                    archived.add(m);
                    return null;
                });
        getHelper().registerAllowedMethod(method("junit", String.class), (java.util.function.Consumer<Object>) a -> {});
        getBinding().setVariable("scm", Map.of("$class", "GitSCM"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> runPipeline(Map<String, Object> args) {
        Map<String, Object> env = new LinkedHashMap<>();
        if (branch != null) {
            env.put("BRANCH_NAME", branch);
        }
        getBinding().setVariable("env", env);
        Script script = loadScript("vars/openclawPipeline.groovy");
        return (Map<String, Object>) script.invokeMethod("call", new Object[] {args});
    }

    private static Map<String, Object> args() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("buildCommand", "mvn -B package");
        args.put("testCommand", "mvn -B verify");
        args.put("artifact", "dist/openclaw.zip");
        args.put("stagingAgent", "win-staging-01");
        args.put("smokeCommand", "./smoke.sh");
        args.put("productionAgent", "win-prod-01");
        return args;
    }

    private List<String> echoes() {
        List<String> echoes = new ArrayList<>();
        for (MethodCall call : getHelper().getCallStack()) {
            if (call.getMethodName().equals("echo")) {
                echoes.add(String.valueOf(call.getArgs()[0]));
            }
        }
        return echoes;
    }

    private List<String> stages() {
        List<String> stages = new ArrayList<>();
        for (MethodCall call : getHelper().getCallStack()) {
            if (call.getMethodName().equals("stage")) {
                stages.add(String.valueOf(call.getArgs()[0]));
            }
        }
        return stages;
    }

    @Test
    void runsTheFiveStagesInOrderAndDeploysStagingThenProduction() {
        Map<String, Object> result = runPipeline(args());

        assertThat(stages()).containsExactly("Code", "Build", "Test", "Stage", "Deploy");
        assertThat(commands).containsSubsequence("mvn -B package", "mvn -B verify", "./smoke.sh");
        assertThat(deployments).extracting(d -> d.get("agent")).containsExactly("win-staging-01", "win-prod-01");
        assertThat(deployments.get(0)).containsEntry("strategy", "blue-green")
                .containsEntry("artifact", "dist/openclaw.zip");
        assertThat(deployments.get(1)).containsEntry("strategy", "auto");
        assertThat(environments).singleElement().asList().extracting(String::valueOf)
                .containsExactly("OPENCLAW_AGENT=win-staging-01", "OPENCLAW_VERSION=1.4.2");
        assertThat(result).containsEntry("branch", "main").containsEntry("strategy", "auto");
        assertThat(result.get("production")).isNotNull();
        assertJobStatusSuccess();
    }

    @Test
    void productionDeploysOutsideNodeFromTheArtifactArchivedInsideIt() {
        runPipeline(args());

        assertThat(archived).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("artifacts", "dist/openclaw.zip").containsEntry("insideNode", true));
        assertThat(deployments.get(1)).containsEntry("agent", "win-prod-01")
                .containsEntry("artifact", "dist/openclaw.zip");
        assertThat(deployedInsideNode).as("staging inside node (smoke tests need the workspace), production outside")
                .containsExactly(true, false);
    }

    @Test
    void commitMessageMarkersChooseTheProductionStrategy() {
        commitMessage = "Tune the router [canary]";

        runPipeline(args());

        assertThat(deployments.get(1)).containsEntry("agent", "win-prod-01").containsEntry("strategy", "canary");
    }

    @Test
    void otherBranchesStopAfterStagingWithoutAProductionDeployment() {
        branch = "feature/router";
        commitMessage = "[rolling] try it";

        Map<String, Object> result = runPipeline(args());

        assertThat(deployments).extracting(d -> d.get("agent")).containsExactly("win-staging-01");
        assertThat(result).containsEntry("production", null).containsEntry("strategy", null);
        assertThat(stages()).containsExactly("Code", "Build", "Test", "Stage", "Deploy");
    }

    @Test
    void withoutAStagingAgentItSkipsStagingButStillDeploysProduction() {
        Map<String, Object> a = args();
        a.remove("stagingAgent");
        a.remove("smokeCommand");

        runPipeline(a);

        assertThat(deployments).extracting(d -> d.get("agent")).containsExactly("win-prod-01");
    }

    @Test
    void missingOrUnknownArgumentsStopBeforeAnyStage() {
        Map<String, Object> a = args();
        a.remove("productionAgent");
        a.put("colour", "blue");

        assertThatThrownBy(() -> runPipeline(a)).hasMessageContaining("unknown arguments [colour]");
        a.remove("colour");
        assertThatThrownBy(() -> runPipeline(a)).hasMessageContaining("missing required arguments [productionAgent]");
        assertThat(stages()).isEmpty();
        assertThat(deployments).isEmpty();
    }

    @Test
    void twoDifferentMarkersAreRefused() {
        commitMessage = "[canary] or [rolling]?";

        assertThatThrownBy(() -> runPipeline(args())).hasMessageContaining("more than one strategy");
        assertThat(deployments).extracting(d -> d.get("agent")).containsExactly("win-staging-01");
    }

    @Test
    void outsideMultibranchTheBranchComesFromCheckoutNotFromTheDetachedHead() {
        branch = null;
        checkoutGitBranch = "origin/main";

        Map<String, Object> result = runPipeline(args());

        assertThat(result).containsEntry("branch", "main");
        assertThat(deployments).extracting(d -> d.get("agent")).containsExactly("win-staging-01", "win-prod-01");
    }

    @ParameterizedTest
    @CsvSource({
            "origin/main, main",
            "refs/heads/main, main",
            "refs/remotes/origin/main, main",
            "main, main",
            "origin/feature/router, feature/router",
            "feature/router, feature/router",
    })
    void checkoutsGitBranchLosesItsRemoteOrRefsPrefix(String gitBranch, String expected) {
        branch = null;
        checkoutGitBranch = gitBranch;

        Map<String, Object> result = runPipeline(args());

        assertThat(result).containsEntry("branch", expected);
        assertThat(result.get("production") != null).as("production deployed").isEqualTo(expected.equals("main"));
    }

    @Test
    void aRemoteNamedInTheJobsGitScmIsStrippedToo() {
        branch = null;
        Map<String, String> unnamed = new LinkedHashMap<>();
        unnamed.put("url", "https://git.example.com/openclaw.git");
        getBinding().setVariable("scm", new GitScm(List.of(unnamed, Map.of("name", "upstream"))));
        checkoutGitBranch = "upstream/main";

        Map<String, Object> result = runPipeline(args());

        assertThat(result).containsEntry("branch", "main");
        assertThat(result.get("production")).isNotNull();
    }

    @Test
    void envBranchNameStillComesFirst() {
        branch = "feature/router";
        checkoutGitBranch = "origin/main";

        Map<String, Object> result = runPipeline(args());

        assertThat(result).containsEntry("branch", "feature/router").containsEntry("production", null);
    }

    @Test
    void aJobWithoutCheckoutNamesItsBranchWithTheBranchArgument() {
        branch = null;
        Map<String, Object> a = args();
        a.put("checkout", false);
        a.put("branch", "main");

        Map<String, Object> result = runPipeline(a);

        assertThat(result).containsEntry("branch", "main");
        assertThat(deployments).extracting(d -> d.get("agent")).containsExactly("win-staging-01", "win-prod-01");
    }

    @Test
    void gitRevParseIsUsedWhenItNamesABranch() {
        branch = null;
        revParse = "main\n";
        Map<String, Object> a = args();
        a.put("checkout", false);

        Map<String, Object> result = runPipeline(a);

        assertThat(result).containsEntry("branch", "main");
        assertThat(result.get("production")).isNotNull();
    }

    @Test
    void anUnknownBranchSkipsProductionAndSaysHowToSetIt() {
        branch = null;
        checkoutGitBranch = null;

        Map<String, Object> result = runPipeline(args());

        assertThat(result).containsEntry("branch", null).containsEntry("production", null);
        assertThat(deployments).extracting(d -> d.get("agent")).containsExactly("win-staging-01");
        assertThat(echoes()).anySatisfy(line -> assertThat(line)
                .contains("branch is unknown").contains("BRANCH_NAME").contains("GIT_BRANCH")
                .contains("detached").contains("branch: 'main'"));
    }

    @Test
    void onWindowsTheCommitMessageKeepsItsPercentSoMarkersWork() {
        getHelper().registerAllowedMethod(method("isUnix"), (java.util.function.Function<Object, Object>) a -> false);
        commitMessage = "Tune the router [canary]";

        runPipeline(args());

        assertThat(batScripts).contains("@git log -1 --pretty=%%B");
        assertThat(commands).as("nothing runs through sh on Windows").isEmpty();
        assertThat(deployments.get(1)).containsEntry("agent", "win-prod-01").containsEntry("strategy", "canary");
    }
}
