package io.openclaw.deploy.agent.flags;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Murmur3Test {
    @Test
    void matchesTheReferenceVectorsOfMurmurHash3X86_32() {
        assertThat(Murmur3.hash32("", 0)).isEqualTo(0);
        assertThat(Murmur3.hash32("", 1)).isEqualTo(0x514E28B7);
        assertThat(Murmur3.hash32("hello", 0)).isEqualTo(0x248BFA47);
        assertThat(Murmur3.hash32("The quick brown fox jumps over the lazy dog", 0)).isEqualTo(0x2E4FF723);
        // Tail lengths 1, 2 and 3 take different branches.
        assertThat(Murmur3.hash32(new byte[] {0x21}, 0)).isEqualTo(0x72661CF4);
        assertThat(Murmur3.hash32(new byte[] {0x21, 0x43}, 0)).isEqualTo(0xA0F7B07A);
        assertThat(Murmur3.hash32(new byte[] {0x21, 0x43, 0x65}, 0)).isEqualTo(0x7E4A8634);
        assertThat(Murmur3.hash32(new byte[] {0x21, 0x43, 0x65, (byte) 0x87}, 0)).isEqualTo(0xF55B516B);
    }
}
