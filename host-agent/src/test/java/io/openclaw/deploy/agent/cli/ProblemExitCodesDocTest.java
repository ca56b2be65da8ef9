package io.openclaw.deploy.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.protocol.Problem;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The problem table of docs/api.md names every problem type of the protocol, and its "CLI exit" column is the exit
 * code the client commands really give for it: scripts are written against that table.
 */
class ProblemExitCodesDocTest {
    private static final Path API_DOC = Path.of("..", "docs", "api.md");
    /** A row of the table: | `type` | status | when | exit | */
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\|[^|]*\\|[^|]*\\| (\\d) \\|\\s*$");

    @Test
    void theApiDocsProblemTableGivesEachTypeItsRealExitCode() throws IOException, IllegalAccessException {
        Map<String, Integer> documented = documentedExitCodes();
        Map<String, Integer> real = new LinkedHashMap<>();
        for (String type : problemTypes()) {
            real.put(type.substring("urn:openclaw:problem:".length()),
                    ClientCommand.exitCode(Problem.of(type, "t", 400, "d")));
        }
        assertThat(documented).isEqualTo(real);
    }

    private static Map<String, Integer> documentedExitCodes() throws IOException {
        Map<String, Integer> rows = new LinkedHashMap<>();
        boolean inProblems = false;
        for (String line : Files.readAllLines(API_DOC)) {
            if (line.startsWith("## ")) {
                inProblems = line.equals("## Problems");
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (inProblems && m.matches()) {
                rows.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        return rows;
    }

    private static Iterable<String> problemTypes() throws IllegalAccessException {
        java.util.List<String> types = new java.util.ArrayList<>();
        for (Field field : ProblemTypes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                types.add((String) field.get(null));
            }
        }
        return types;
    }
}
