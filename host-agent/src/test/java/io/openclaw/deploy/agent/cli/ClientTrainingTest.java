package io.openclaw.deploy.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the archive-listing call loads besides its own command. That the archive then serves the other commands is
 * {@code DistributionIT}'s to show, through the launcher and a real agent.
 */
class ClientTrainingTest {
    @Test
    void listsTheClientsClassesAndNoneOfTheAgentsOthers() {
        // In the build the code source is this module's classes directory; in the distribution, the one jar.
        assertThat(ClientTraining.classNames())
                .contains(Waiting.class.getName(), EventLines.class.getName(), Checklist.class.getName(),
                        DeploymentFollower.class.getName(), RollbackCommand.class.getName())
                .allMatch(name -> name.startsWith("io.openclaw.deploy.agent.cli.")
                        || name.startsWith("io.openclaw.deploy.protocol.") || name.startsWith("io.netty.handler."))
                .noneMatch(name -> name.endsWith("module-info"));
    }

    @Test
    void runsWithoutPrintingAnything() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            ClientTraining.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
