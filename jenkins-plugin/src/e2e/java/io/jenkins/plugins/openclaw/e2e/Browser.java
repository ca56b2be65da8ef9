package io.jenkins.plugins.openclaw.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) on the kit's Jenkins: pages rendered with
 * their scripts and styles, as a user sees them, and screenshots of them.
 */
public final class Browser implements AutoCloseable {
    /**
     * Selenium warns on every start that it has no DevTools bindings for Debian's Chromium version; the tests use
     * WebDriver only, never DevTools. Held here so the logger keeps its level.
     */
    @SuppressWarnings("UnusedVariable")
    private static final java.util.logging.Logger DEVTOOLS_LOG = quiet("org.openqa.selenium.devtools");
    @SuppressWarnings("UnusedVariable")
    private static final java.util.logging.Logger CHROMIUM_LOG = quiet("org.openqa.selenium.chromium");

    private final KitJenkins jenkins;
    private final WebDriver driver;

    private Browser(KitJenkins jenkins, WebDriver driver) {
        this.jenkins = jenkins;
        this.driver = driver;
    }

    public static Browser open(KitJenkins jenkins) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("openclaw.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1100", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("openclaw.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(jenkins, driver);
    }

    /** Logs in through Jenkins' own login form. */
    public Browser logIn(String user, String password) {
        go("login");
        driver.findElement(By.name("j_username")).sendKeys(user);
        driver.findElement(By.name("j_password")).sendKeys(password);
        driver.findElement(By.name("j_password")).submit();
        waitFor().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
        return this;
    }

    public WebDriver driver() {
        return driver;
    }

    public Browser go(String path) {
        driver.get(jenkins.url().resolve(path).toString());
        waitFor().until(d -> "complete".equals(
                ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
        return this;
    }

    /**
     * Waits that also outlast a page being replaced under them: a condition that looks at an element of the page a
     * form post leaves finds it stale once, and passes on the page that follows.
     */
    public WebDriverWait waitFor() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    public WebElement visible(By by) {
        return waitFor().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Scrolls the element to the middle of the window first: Jenkins' sticky bars cover the edges. */
    public void click(WebElement element) {
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "arguments[0].scrollIntoView({block: 'center'});", element);
        waitFor().until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    public void click(By by) {
        click(visible(by));
    }

    public boolean present(By by) {
        return !driver.findElements(by).isEmpty();
    }

    /** The page as rendered, into {@code <screenshots>/name.png}. */
    public Path screenshot(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of(System.getProperty("openclaw.screenshots", "target/screenshots")));
        File shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        return Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
