package io.openclaw.deploy.agent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServicePasswordTest {
    @TempDir
    Path dir;

    @Test
    void readsTheFirstLineOfAFileWithoutItsLineEnd() throws Exception {
        Path file = Files.writeString(dir.resolve("pw.txt"), "s3cret pässword\r\nsecond line\n");

        try (ServicePassword password = ServicePassword.fromFile(file)) {
            assertThat(password.chars()).containsExactly("s3cret pässword".toCharArray());
        }
    }

    @Test
    void readsOnlyTheFirstLineOfStandardInputAndLeavesTheRest() throws Exception {
        InputStream in = new ByteArrayInputStream("pw\nnext".getBytes(StandardCharsets.UTF_8));

        try (ServicePassword password = ServicePassword.fromStream(in, "standard input")) {
            assertThat(password.chars()).containsExactly('p', 'w');
        }
    }

    @Test
    void closeOverwritesTheCharactersAndToStringNeverShowsThem() {
        ServicePassword password = ServicePassword.of("hunter2".toCharArray());
        char[] chars = password.chars();

        assertThat(password.toString()).doesNotContain("hunter2").isEqualTo("ServicePassword[hidden]");
        password.close();

        assertThat(chars).containsOnly('\0');
    }

    @Test
    void missingEmptyOrOverlongSourcesAreClearErrors() throws Exception {
        assertThatThrownBy(() -> ServicePassword.fromFile(dir.resolve("none.txt")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read the password file " + dir.resolve("none.txt"));
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n");
        assertThatThrownBy(() -> ServicePassword.fromFile(empty))
                .hasMessage("the password in " + empty + " is empty");
        assertThatThrownBy(() -> ServicePassword.fromStream(new ByteArrayInputStream(new byte[0]), "standard input"))
                .hasMessage("the password in standard input is empty");
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'p', (byte) 0xE4, '\n'});
        assertThatThrownBy(() -> ServicePassword.fromFile(latin1))
                .hasMessage("the password in " + latin1 + " is not UTF-8 text");
        Path huge = Files.writeString(dir.resolve("huge.txt"), "x".repeat(ServicePassword.MAX_LENGTH + 1));
        assertThatThrownBy(() -> ServicePassword.fromFile(huge))
                .hasMessageContaining("longer than " + ServicePassword.MAX_LENGTH + " characters");
    }
}
