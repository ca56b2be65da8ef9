package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopPathTest {

    @Test
    void splitsLoopAndKeepsRestAndQuery() {
        assertThat(LoopPath.parse("/loops/mail/inbox/42?unread=1&x=%20"))
                .contains(new LoopPath("mail", "/inbox/42?unread=1&x=%20"));
    }

    @Test
    void bareLoopGoesToTheRoot() {
        assertThat(LoopPath.parse("/loops/mail")).contains(new LoopPath("mail", "/"));
        assertThat(LoopPath.parse("/loops/mail?q=1")).contains(new LoopPath("mail", "/?q=1"));
        assertThat(LoopPath.parse("/loops/mail/")).contains(new LoopPath("mail", "/"));
    }

    @Test
    void otherPathsAreNotLoopPaths() {
        assertThat(LoopPath.parse("/health")).isEmpty();
        assertThat(LoopPath.parse("/loops/")).isEmpty();
        assertThat(LoopPath.parse("/loopsmail/x")).isEmpty();
    }
}
