package io.openclaw.deploy.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StartStepTest {
    @Test
    void runsBesideTheCallerAndGivesWhatItMade() throws Exception {
        CountDownLatch callerWent = new CountDownLatch(1);
        StartStep<String> step = StartStep.begin("test", () -> {
            callerWent.await(); // only returns if the caller went on meanwhile
            return Thread.currentThread().getName();
        });
        callerWent.countDown();

        assertThat(step.join()).isEqualTo("agent-start-test");
    }

    @Test
    void joinThrowsTheStepsOwnException() {
        StartStep<String> step = StartStep.begin("failing", () -> {
            throw new IOException("key store unreadable");
        });

        assertThatThrownBy(step::join).isInstanceOf(IOException.class).hasMessage("key store unreadable");
    }

    @Test
    void discardHandsOverWhatWasMadeAndIgnoresAFailure() {
        AtomicReference<String> released = new AtomicReference<>();
        StartStep.begin("made", () -> "flags").discard(released::set);
        StartStep.<String>begin("failed", () -> {
            throw new IOException("port taken");
        }).discard(value -> released.set("must not be called"));

        assertThat(released).hasValue("flags");
    }
}
