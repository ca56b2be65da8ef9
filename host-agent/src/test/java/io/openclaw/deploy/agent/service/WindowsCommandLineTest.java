package io.openclaw.deploy.agent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WindowsCommandLineTest {

    @Test
    void quotesOnlyWhatNeedsQuoting() {
        assertThat(WindowsCommandLine.quote("-Xrs")).isEqualTo("-Xrs");
        assertThat(WindowsCommandLine.quote("C:\\OpenClaw")).isEqualTo("C:\\OpenClaw");
        assertThat(WindowsCommandLine.quote("C:\\Program Files\\Java\\bin\\java.exe"))
                .isEqualTo("\"C:\\Program Files\\Java\\bin\\java.exe\"");
        assertThat(WindowsCommandLine.quote("")).isEqualTo("\"\"");
    }

    @Test
    void doublesBackslashesOnlyBeforeAQuote() {
        assertThat(WindowsCommandLine.quote("C:\\My Home\\")).isEqualTo("\"C:\\My Home\\\\\"");
        assertThat(WindowsCommandLine.quote("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(WindowsCommandLine.quote("a\\\"b c")).isEqualTo("\"a\\\\\\\"b c\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "with space", "C:\\Program Files\\", "tab\there", "q\"uote", "back\\\\\"slash q",
        "\\\\server\\share\\x y", "trailing\\\\", ""})
    void theWindowsParserGetsBackExactlyTheArguments(String argument) {
        List<String> args = List.of("C:\\Program Files\\Java\\bin\\java.exe", argument, "--home", "C:\\Open Claw\\");
        assertThat(parseLikeCommandLineToArgvW(WindowsCommandLine.join(args))).isEqualTo(args);
    }

    @Test
    void refusesLineBreaks() {
        assertThatThrownBy(() -> WindowsCommandLine.quote("a\nb")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theServiceCommandLineRunsServiceRunWithTheHome() {
        ServiceInvocation invocation = ServiceInvocation.windowsService(
                Path.of("C:\\Program Files\\Eclipse Adoptium\\jdk-17\\bin\\java.exe"),
                Path.of("C:\\Program Files\\OpenClaw\\openclaw-agent.jar"), Path.of("C:\\OpenClaw Home"),
                List.of("-Xmx512m"));

        String line = invocation.windowsCommandLine();

        assertThat(line).startsWith("\"C:\\Program Files\\Eclipse Adoptium\\jdk-17\\bin\\java.exe\" -Xrs ")
                .contains(" -Xmx512m -jar \"C:\\Program Files\\OpenClaw\\openclaw-agent.jar\" service run --home")
                .endsWith(" --home \"C:\\OpenClaw Home\"");
        assertThat(parseLikeCommandLineToArgvW(line)).isEqualTo(invocation.arguments());
    }

    /**
     * The documented rules of CommandLineToArgvW / the MSVC runtime (2n backslashes + quote → n backslashes and a quote
     * toggle; 2n+1 backslashes + quote → n backslashes and a literal quote; other backslashes are literal).
     */
    static List<String> parseLikeCommandLineToArgvW(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inQuotes = false;
        boolean hasArg = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\\') {
                int n = 0;
                while (i < line.length() && line.charAt(i) == '\\') {
                    n++;
                    i++;
                }
                if (i < line.length() && line.charAt(i) == '"') {
                    current.append("\\".repeat(n / 2));
                    if (n % 2 == 1) {
                        current.append('"');
                        i++;
                    }
                } else {
                    current.append("\\".repeat(n));
                }
                hasArg = true;
                continue;
            }
            if (c == '"') {
                inQuotes = !inQuotes;
                hasArg = true;
            } else if ((c == ' ' || c == '\t') && !inQuotes) {
                if (hasArg) {
                    args.add(current.toString());
                    current.setLength(0);
                    hasArg = false;
                }
            } else {
                current.append(c);
                hasArg = true;
            }
            i++;
        }
        if (hasArg) {
            args.add(current.toString());
        }
        return args;
    }
}
