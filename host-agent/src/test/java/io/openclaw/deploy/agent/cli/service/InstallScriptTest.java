package io.openclaw.deploy.agent.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code install-service.ps1} read against Windows PowerShell 5.1's rules (issue 15, item 1). No PowerShell runs here
 * (the Windows workflow runs the script for real); these are the rules a reader checks by eye, made mechanical:
 * <ul>
 *   <li>under {@code $ErrorActionPreference = "Stop"}, 5.1 turns every stderr line of a native command whose stderr is
 *       redirected into a terminating error: {@code 2>&1} only inside a function that sets "Continue" for itself;</li>
 *   <li>{@code Write-Error} under "Stop" throws, so the script would exit 1 instead of its documented code: never;</li>
 *   <li>every documented exit code comes from {@code Fail N} or from the agent's own exit code.</li>
 * </ul>
 */
class InstallScriptTest {
    private static final Path SCRIPT = Path.of("src", "dist", "bin", "install-service.ps1");
    private static final Pattern FUNCTION = Pattern.compile("(?ms)^function ([\\w-]+)\\b[^{]*\\{(.*?)^\\}");

    private static String script() throws Exception {
        return Files.readString(SCRIPT);
    }

    /** The script without its help block and comments. */
    private static String code() throws Exception {
        List<String> lines = script().replaceAll("(?s)<#.*?#>", "").lines()
                .filter(l -> !l.strip().startsWith("#")).toList();
        return String.join("\n", lines);
    }

    @Test
    void theScriptStopsOnErrorsOfCmdlets() throws Exception {
        assertThat(script()).contains("$ErrorActionPreference = \"Stop\"");
    }

    @Test
    void nativeStderrIsRedirectedOnlyWhereErrorsDoNotStopTheScript() throws Exception {
        String script = script();
        Matcher function = FUNCTION.matcher(script);
        String outsideFunctions = script;
        while (function.find()) {
            String body = function.group(2);
            if (body.contains("2>&1")) {
                assertThat(body).as(function.group(1)).contains("$ErrorActionPreference = \"Continue\"");
            }
            outsideFunctions = outsideFunctions.replace(function.group(0), "");
        }
        assertThat(outsideFunctions).doesNotContain("2>&1");
        // And java runs only through those functions (or Process.Start for the password).
        assertThat(outsideFunctions).doesNotContain("& $java");
    }

    @Test
    void noWriteErrorSoTheDocumentedExitCodesSurvive() throws Exception {
        String withoutHelp = code();

        assertThat(withoutHelp).doesNotContain("Write-Error");
        assertThat(withoutHelp).contains("Fail 3 \"Run this script from an elevated PowerShell",
                "Fail 2 \"Java 17 or newer is required: install it");
        assertThat(withoutHelp).containsPattern("Fail 2 \"Java 17 or newer is required; ");
    }

    @Test
    void theVersionIsReadFromJavasStderrWithoutStopping() throws Exception {
        Matcher function = FUNCTION.matcher(script());
        String versionFunction = null;
        while (function.find()) {
            if (function.group(1).equals("Get-JavaVersionLine")) {
                versionFunction = function.group(2);
            }
        }
        assertThat(versionFunction).isNotNull().contains("$ErrorActionPreference = \"Continue\"")
                .contains("& $java -version 2>&1").contains("ForEach-Object { \"$_\" }");
    }

    @Test
    void initMakesTheProtectedHomeBeforeTheJarIsCopiedIntoIt() throws Exception {
        String script = script();
        assertThat(script.indexOf("\"init\", \"--home\"")).isPositive()
                .isLessThan(script.indexOf("Copy-Item -Force $distJar $jar"));
        // The service account's rights come from service install now: no icacls to run by hand.
        assertThat(code()).doesNotContain("icacls");
    }
}
