package io.openclaw.deploy.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class ExactLengthInputStreamTest {
    @Test
    void yieldsExactlyTheDeclaredBytes() throws Exception {
        ExactLengthInputStream in = new ExactLengthInputStream(new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
        assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void failsWhenTheStreamIsShorter() {
        ExactLengthInputStream in = new ExactLengthInputStream(new ByteArrayInputStream(new byte[] {1, 2}), 3);
        assertThatThrownBy(in::readAllBytes).hasMessageContaining("ended after 2 of the declared 3 bytes");
    }

    @Test
    void failsWhenTheStreamIsLonger() {
        ExactLengthInputStream in = new ExactLengthInputStream(new ByteArrayInputStream(new byte[] {1, 2, 3, 4}), 3);
        assertThatThrownBy(in::readAllBytes).hasMessageContaining("more than the declared 3 bytes");
    }
}
