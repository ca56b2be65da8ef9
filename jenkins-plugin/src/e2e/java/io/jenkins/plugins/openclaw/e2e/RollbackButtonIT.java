package io.jenkins.plugins.openclaw.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Roll back button of a build's deployment: shown to a user who may roll back, hidden from a visitor with read
 * access only; only a POST carrying the session's crumb, by a user with the permission, rolls the agent back (the
 * router then serves the previous version) and the build page says who did it; anything else changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollbackButtonIT extends AgentInJenkins {
    private static final String AGENT = "rollback-e2e";
    private static final String JOB = "release-for-rollback";
    private static final Duration BUILD = Duration.ofMinutes(5);

    RollbackButtonIT() {
        super(AGENT);
    }
    /** The button's link, whatever the order of its attributes: its href, then its content. */
    private static final Pattern BUTTON = Pattern.compile(
            "<a (?=[^>]*class=\"[^\"]*openclaw-rollback)[^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>", Pattern.DOTALL);

    private int build;
    private String action;

    @BeforeAll
    void deployTwoVersions() throws Exception {
        Releases.watchedLoopOnly(releases, "1.0.0");
        Releases.watchedLoopOnly(releases, "1.1.0");
        admin.createPipeline(JOB, """
                node {
                  sh "cp %s/openclaw-${params.VERSION ?: '1.0.0'}.zip release.zip"
                  openclawDeploy agent: '%s', artifact: 'release.zip', strategy: 'blue-green', timeoutMinutes: 10
                }
                """.formatted(releases.toAbsolutePath(), AGENT));
        int first = admin.build(JOB);
        assertThat(admin.awaitResult(JOB, first, BUILD)).isEqualTo("SUCCESS");
        // The second build deploys 1.1.0: the script reads the version from the job's description-free parameter.
        admin.script("""
                def job = jenkins.model.Jenkins.get().getItemByFullName('%s')
                job.definition = new org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition(
                    job.definition.script.replace("params.VERSION ?: '1.0.0'", "'1.1.0'"), true)
                job.save()
                println 'ok'
                """.formatted(JOB));
        build = admin.build(JOB);
        assertThat(admin.awaitResult(JOB, build, BUILD)).isEqualTo("SUCCESS");
        assertThat(Releases.served(agent, "gmail_processor")).isEqualTo("1.1.0");
        action = "job/" + JOB + "/" + build + "/openclaw-1/";
    }


    @Test
    @Order(1)
    void aUserWhoMayRollBackSeesAWorkingButtonOnTheBuildTheJobAndTheDeploymentPage() throws Exception {
        for (String page : new String[] {"job/" + JOB + "/" + build + "/", "job/" + JOB + "/", action}) {
            Matcher button = BUTTON.matcher(admin.get(page).body());
            assertThat(button.find()).as("a Roll back button on " + page).isTrue();
            assertThat(button.group(1)).as(page).isEqualTo("/" + action + "confirmRollback");
            assertThat(PageText.of(button.group(2))).as(page).isEqualTo("Roll back to 1.0.0");
        }
        String confirm = PageText.of(admin.get(action + "confirmRollback").body());
        assertThat(confirm).contains("Roll back " + AGENT + "?",
                "Agent " + AGENT + " will stop serving version 1.1.0 and return to version 1.0.0");
    }

    @Test
    @Order(2)
    void aVisitorWithReadAccessSeesTheDeploymentButNoButton() throws Exception {
        JenkinsHttp visitor = JenkinsHttp.anonymous(jenkins);
        for (String page : new String[] {"job/" + JOB + "/" + build + "/", "job/" + JOB + "/", action}) {
            JenkinsHttp.Answer a = visitor.get(page);
            assertThat(a.status()).as(page).isEqualTo(200);
            assertThat(PageText.of(a.body())).as(page).contains("1.1.0").doesNotContain("Roll back to");
            assertThat(BUTTON.matcher(a.body()).find()).as(page).isFalse();
        }
        assertThat(PageText.of(visitor.get(action + "confirmRollback").body()))
                .contains("you may not roll this agent back").doesNotContain("Yes, roll back");
    }

    @Test
    @Order(3)
    void aGetAPostWithoutCrumbAndAPostWithoutThePermissionChangeNothing() throws Exception {
        JenkinsHttp.Answer get = admin.get(action + "rollback");
        assertThat(get.status()).as("GET " + get).isEqualTo(405);

        JenkinsHttp.Answer noCrumb = JenkinsHttp.admin(jenkins).post(action + "rollback", Map.of("reason", "x"), false);
        assertThat(noCrumb.status()).as("POST without crumb " + noCrumb).isEqualTo(403);

        JenkinsHttp.Answer anonymous = JenkinsHttp.anonymous(jenkins).post(action + "rollback", Map.of("reason", "x"));
        assertThat(anonymous.status()).as("POST without the permission " + anonymous).isIn(403, 401);

        assertThat(Releases.served(agent, "gmail_processor")).isEqualTo("1.1.0");
        assertThat(PageText.of(admin.get(action).body())).doesNotContain("Roll back pressed by");
    }

    @Test
    @Order(4)
    void aPostWithTheCrumbByAUserWhoMayRollsTheAgentBackAndSaysWhoDidIt() throws Exception {
        JenkinsHttp.Answer pressed = admin.post(action + "rollback", Map.of("reason", "errors in gmail"));
        assertThat(pressed.status()).as(pressed.toString()).isEqualTo(302);

        Awaitility.await("the router serves the previous version").atMost(Duration.ofMinutes(1))
                .ignoreExceptions()
                .until(() -> Releases.served(agent, "gmail_processor").equals("1.0.0"));
        assertThat(PageText.of(admin.get("job/" + JOB + "/" + build + "/").body()))
                .containsPattern("Roll back pressed by admin: Rollback \\S+ to version 1.0.0 accepted by the agent.");
    }
}
