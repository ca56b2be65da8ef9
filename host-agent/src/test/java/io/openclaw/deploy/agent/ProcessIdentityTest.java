package io.openclaw.deploy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Telling a process from a later one with its pid, whatever the wall clock did in between. */
class ProcessIdentityTest {
    private Process child;

    @AfterEach
    void stopChild() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    void theStartTicksAreReadAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (a (b) c) S 1 4242 4242 0 -1 4194560 300 0 0 0 5 2 0 0 20 0 1 0 987654 3133440 394 0 0";

        assertThat(ProcessIdentity.startTicksIn(stat)).contains("987654");
        assertThat(ProcessIdentity.startTicksIn("4242 (short) S 1 2")).isEmpty();
        assertThat(ProcessIdentity.startTicksIn("garbage")).isEmpty();
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "boot ticks come from /proc")
    void onLinuxTheBootTicksDecideWhateverTheRecordedStartTimeSays() throws IOException {
        child = new ProcessBuilder("sleep", "60").start();
        ProcessIdentity recorded = ProcessIdentity.of(child.toHandle());

        ProcessIdentity clockSetSince = new ProcessIdentity(recorded.pid(), recorded.start().minusSeconds(30),
                recorded.bootTicks());
        ProcessIdentity anotherProcessThatGotThePid = new ProcessIdentity(recorded.pid(), recorded.start(),
                recorded.bootTicks() + "1");

        assertThat(recorded.bootTicks()).matches("[0-9a-f-]+/[0-9]+");
        assertThat(recorded.isSameProcessAs(child.toHandle())).isTrue();
        assertThat(clockSetSince.isSameProcessAs(child.toHandle())).isTrue();
        assertThat(anotherProcessThatGotThePid.isSameProcessAs(child.toHandle())).isFalse();
    }

    @Test
    void withoutBootTicksTheStartTimeDecidesWithinTheTolerance() throws IOException {
        child = new ProcessBuilder("sleep", "60").start();
        Instant start = child.toHandle().info().startInstant().orElseThrow();

        assertThat(new ProcessIdentity(child.pid(), start.plusSeconds(1), null).isSameProcessAs(child.toHandle()))
                .isTrue();
        assertThat(new ProcessIdentity(child.pid(), start.minusSeconds(3), null).isSameProcessAs(child.toHandle()))
                .isFalse();
        assertThat(new ProcessIdentity(child.pid() + 1, start, null).isSameProcessAs(child.toHandle())).isFalse();
    }
}
