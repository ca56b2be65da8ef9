package io.jenkins.plugins.openclaw.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The plugin's pages in headless Chromium, logged in through Jenkins' form: the build page (summary and badge), the
 * job page, the deployment's own page and the roll-back confirmation, each kept as a screenshot; the Roll back
 * button pressed as a user presses it (Jenkins' scripts add the crumb) rolls the agent back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PagesInBrowserIT extends AgentInJenkins {
    private static final String AGENT = "win-prod-01";
    private static final String JOB = "openclaw-release";
    private static final By ROLLBACK = By.cssSelector("a.openclaw-rollback");

    PagesInBrowserIT() {
        super(AGENT);
    }

    private Browser browser;
    private int build;
    private String action;

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeAll
    void deployTwoVersions() throws Exception {
        for (String version : new String[] {"1.4.1", "1.4.2"}) {
            Path release = Releases.version(releases, version);
            String job = version.equals("1.4.1") ? JOB + "-previous" : JOB;
            admin.createPipeline(job, """
                    node {
                      sh "cp %s openclaw-%s.zip"
                      archiveArtifacts artifacts: 'openclaw-*.zip'
                    }
                    openclawDeploy agent: '%s', artifact: 'openclaw-%s.zip', version: '%s', strategy: 'blue-green'
                    """.formatted(Releases.groovy(release), version, AGENT, version, version));
            int n = admin.build(job);
            assertThat(admin.awaitResult(job, n, Duration.ofMinutes(5))).isEqualTo("SUCCESS");
            build = n;
        }
        action = "job/" + JOB + "/" + build + "/openclaw-1/";
        browser = Browser.open(jenkins).logIn(KitJenkins.ADMIN, KitJenkins.ADMIN_PASSWORD);
    }


    @Test
    @Order(1)
    void theBuildPageShowsTheSummaryAndAWorkingRollBackButton() throws Exception {
        browser.go("job/" + JOB + "/" + build + "/");
        WebElement summary = browser.visible(By.xpath("//table[.//th[normalize-space()='Previous version']]"));
        assertThat(summary.getText()).contains("Agent " + AGENT, "Version 1.4.2", "Previous version 1.4.1",
                "Strategy blue-green", "Outcome succeeded (SUCCEEDED)");
        assertThat(browser.driver().findElement(By.id("main-panel")).getText()).contains("SWITCHING", "gmail_processor");
        WebElement button = browser.visible(ROLLBACK);
        assertThat(button.getText()).isEqualTo("Roll back to 1.4.1");
        assertThat(button.getAttribute("href")).endsWith("/" + action + "confirmRollback");
        browser.screenshot("jenkins-build-page");
    }

    @Test
    @Order(2)
    void theJobPageListsTheLatestDeploymentWithItsBadge() throws Exception {
        browser.go("job/" + JOB + "/");
        WebElement table = browser.visible(By.xpath("//h2[normalize-space()='Latest OpenClaw deployments']"
                + "/following-sibling::table[1]"));
        assertThat(table.getText()).contains(AGENT, "1.4.2", "1.4.1", "blue-green", "succeeded");
        assertThat(browser.present(By.cssSelector("a[href$='/" + build + "/openclaw-1/'] svg")))
                .as("a badge links to the deployment").isTrue();
        browser.screenshot("jenkins-job-page");
    }

    @Test
    @Order(3)
    void theDeploymentPageShowsPhasesAndLoops() throws Exception {
        browser.go(action);
        String text = browser.visible(By.id("main-panel")).getText();
        assertThat(text).contains("OpenClaw deployment on " + AGENT, "Phases", "Loops", "logging_audit");
        // The agent's verification checklist (spec 10.2), one row per item, as rendered.
        WebElement checklist = browser.visible(By.xpath("//h3[starts-with(normalize-space(), 'Verification')]"
                + "/following-sibling::table[1]"));
        assertThat(browser.visible(By.xpath("//h3[starts-with(normalize-space(), 'Verification')]")).getText())
                .isEqualTo("Verification passed");
        assertThat(checklist.findElements(By.cssSelector("tbody tr"))).hasSize(9);
        assertThat(checklist.getText()).contains("\u2714 All agent loops responding 15/15 loops responding",
                "\u2714 Metrics flowing to monitoring");
        browser.screenshot("jenkins-deployment-page");
    }

    @Test
    @Order(4)
    void aVisitorSeesTheBuildButNoRollBackButton() {
        try (Browser visitor = Browser.open(jenkins)) {
            visitor.go("job/" + JOB + "/" + build + "/");
            assertThat(visitor.visible(By.id("main-panel")).getText()).contains("Previous version 1.4.1");
            assertThat(visitor.present(ROLLBACK)).isFalse();
        }
    }

    @Test
    @Order(5)
    void anAdministratorAddsAnAgentThroughTheSystemConfigurationForm() throws Exception {
        browser.go("manage/configure");
        browser.click(By.xpath("//button[normalize-space()='Add agent']"));
        List<WebElement> names = browser.driver().findElements(By.name("_.name"));
        WebElement chunk = names.get(names.size() - 1)
                .findElement(By.xpath("./ancestor::div[contains(@class,'repeated-chunk')][1]"));
        chunk.findElement(By.name("_.name")).sendKeys("win-form-01");
        chunk.findElement(By.name("_.url")).sendKeys(agent.url.toString());
        chunk.findElement(By.name("_.fingerprint")).sendKeys(agent.fingerprint);
        WebElement credentials = chunk.findElement(By.name("_.credentialsId"));
        browser.waitFor().until(d ->
                !credentials.findElements(By.cssSelector("option[value='" + AGENT + "-token']")).isEmpty());
        new Select(credentials).selectByValue(AGENT + "-token");
        browser.click(chunk.findElement(By.xpath(".//button[normalize-space()='Test connection']")));
        browser.waitFor().until(d -> chunk.getText().contains("Connected: agent "));
        browser.screenshot("jenkins-configure-agent");

        browser.click(By.name("Submit"));
        browser.waitFor().until(d -> !d.getCurrentUrl().endsWith("/configure"));

        String configured = JenkinsHttp.admin(jenkins).script(
                "def a = io.jenkins.plugins.openclaw.OpenClawGlobalConfiguration.get().agent('win-form-01')\n"
                        + "println \"${a.url} ${a.fingerprint} ${a.credentialsId}\"");
        assertThat(configured.strip()).isEqualTo(agent.url + " " + agent.fingerprint + " " + AGENT + "-token");
    }

    @Test
    @Order(6)
    void pressingRollBackOnTheConfirmationRollsTheAgentBack() throws Exception {
        browser.go("job/" + JOB + "/" + build + "/");
        browser.click(ROLLBACK);
        WebElement reason = browser.visible(By.name("reason"));
        assertThat(browser.visible(By.id("main-panel")).getText()).contains(
                "Agent " + AGENT + " will stop serving version 1.4.2 and return to version 1.4.1");
        reason.sendKeys("errors in gmail");
        browser.screenshot("jenkins-confirm-rollback");

        browser.click(By.xpath("//button[normalize-space()='Yes, roll back']"));

        browser.waitFor().until(d -> d.findElement(By.id("main-panel")).getText().contains("Roll back pressed by admin"));
        assertThat(browser.driver().findElement(By.id("main-panel")).getText())
                .containsPattern("Roll back pressed by admin: Rollback \\S+ to version 1.4.1 accepted by the agent.");
        Awaitility.await("the router serves 1.4.1 again").atMost(Duration.ofMinutes(1)).ignoreExceptions()
                .until(() -> Releases.served(agent, "gmail_processor").equals("1.4.1"));
        browser.screenshot("jenkins-after-rollback");
    }

    @Test
    @Order(7)
    void theSnippetGeneratorTurnsTheDeployFormIntoScriptIncludingLoops() throws Exception {
        browser.go("pipeline-syntax/");
        WebElement steps = browser.visible(By.cssSelector("select.dropdownList"));
        Select select = new Select(steps);
        select.getOptions().stream().filter(o -> o.getText().startsWith("openclawDeploy:")).findFirst()
                .orElseThrow().click();
        WebElement agentField = browser.visible(By.name("_.agent"));
        agentField.sendKeys(AGENT);
        browser.visible(By.name("_.artifact")).sendKeys("dist/openclaw-1.4.2.zip");
        browser.visible(By.name("_.loops")).sendKeys("gmail_processor\ntts_engine");
        browser.screenshot("jenkins-snippet-generator");
        browser.click(By.xpath("//button[normalize-space()='Generate Pipeline Script']"));

        WebElement script = browser.visible(By.id("prototypeText"));
        browser.waitFor().until(d -> !script.getAttribute("value").isBlank());
        assertThat(script.getAttribute("value")).isEqualTo("openclawDeploy agent: '" + AGENT
                + "', artifact: 'dist/openclaw-1.4.2.zip', loops: ['gmail_processor', 'tts_engine']");
    }
}
