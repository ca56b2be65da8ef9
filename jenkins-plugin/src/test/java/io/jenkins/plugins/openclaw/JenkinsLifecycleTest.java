package io.jenkins.plugins.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the plugin's long-lived parts fit Jenkins' lifecycle and its page rendering. */
class JenkinsLifecycleTest {
    @AfterEach
    void freshPool() {
        BackgroundThreads.shutDown();
    }

    @Test
    void terminatingJenkinsInterruptsEveryFollowerAndTheNextJenkinsGetsAFreshPool() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        Future<?> follower = BackgroundThreads.submit(() -> {
            try {
                new CountDownLatch(1).await(); // an event stream that never ends
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });

        BackgroundThreads.shutDown();

        assertThat(interrupted.await(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        org.awaitility.Awaitility.await("the follower ends").atMost(Duration.ofSeconds(30)).until(follower::isDone);
        assertThat(BackgroundThreads.terminating()).as("followers leave their steps to resume").isTrue();

        CountDownLatch ran = new CountDownLatch(1);
        BackgroundThreads.submit(ran::countDown);
        assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(BackgroundThreads.terminating()).isFalse();
    }

    @Test
    void theJobViewIsOfferedOnPipelineJobsOnlyAndOnlyWhenItsTypeIsAskedFor() {
        OpenClawJobAction.Factory factory = new OpenClawJobAction.Factory();

        assertThat(factory.type()).isEqualTo(WorkflowJob.class);
        assertThat(factory.actionType()).isEqualTo(OpenClawJobAction.class);
    }
}
