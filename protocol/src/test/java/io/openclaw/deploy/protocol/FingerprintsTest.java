package io.openclaw.deploy.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class FingerprintsTest {
    private static final String HEX = "ab".repeat(32);

    @Test
    void acceptsTheFormsPeoplePaste() {
        String colons = String.join(":", HEX.toUpperCase(Locale.ROOT).split("(?<=\\G..)"));
        assertThat(Fingerprints.normalize(colons)).isEqualTo(HEX);
        assertThat(Fingerprints.normalize("sha256:" + HEX.toUpperCase(Locale.ROOT))).isEqualTo(HEX);
        assertThat(Fingerprints.matches(colons, HEX)).isTrue();
    }

    @Test
    void refusesWhatIsNotASha256() {
        assertThatThrownBy(() -> Fingerprints.normalize("abcd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fingerprints.normalize("zz".repeat(32))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Fingerprints.matches(HEX, "cd".repeat(32))).isFalse();
    }
}
