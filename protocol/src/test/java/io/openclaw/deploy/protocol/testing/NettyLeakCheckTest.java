package io.openclaw.deploy.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

/** The leak check itself: installed by the build, and a buffer nobody released is reported with where it was made. */
class NettyLeakCheckTest {

    @Test
    void theBuildRunsTestsWithTheRecordingDetectorAtParanoid() {
        assertThat(System.getProperty("io.netty.customResourceLeakDetector"))
                .as("set by the surefire configuration").isEqualTo(RecordingLeakDetector.class.getName());
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void aBufferNobodyReleasedIsReported() throws Exception {
        allocateAndForget();
        // Drained here, so the check after this test finds nothing left to fail on.
        assertThat(RecordingLeakDetector.collectAndDrain())
                .anySatisfy(report -> assertThat(report).contains("ByteBuf").contains("allocateAndForget"));
    }

    @Test
    void aReleasedBufferIsNotReported() throws Exception {
        ByteBuf buffer = Unpooled.directBuffer(16);
        buffer.writeInt(42);
        buffer.release();
        assertThat(RecordingLeakDetector.collectAndDrain()).isEmpty();
    }

    /**
     * In a method of its own so that no local variable of the test keeps the buffer reachable. A direct buffer:
     * Netty does not track unpooled heap buffers, and nothing but this method holds an unpooled one.
     */
    private static void allocateAndForget() {
        ByteBuf buffer = Unpooled.directBuffer(16);
        buffer.writeInt(42);
    }
}
