package io.openclaw.deploy.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LoggedErrorsTest {
    @Test
    void readsTheNumberOfLinesAndRefusesNonsense() {
        assertThat(LoggedErrors.from(Map.of())).isZero();
        assertThat(LoggedErrors.from(Map.of("SAMPLE_LOG_ERRORS", " 3 "))).isEqualTo(3);
        assertThatThrownBy(() -> LoggedErrors.from(Map.of("SAMPLE_LOG_ERRORS", "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SAMPLE_LOG_ERRORS must be a whole number of lines: many");
        assertThatThrownBy(() -> LoggedErrors.from(Map.of("SAMPLE_LOG_ERRORS", "-2")))
                .hasMessage("SAMPLE_LOG_ERRORS must be between 0 and 100000: -2");
    }

    @Test
    void eachLineIsAnErrorLineNamingTheFault() {
        assertThat(LoggedErrors.lines(2)).containsExactly(
                "ERROR injected failure 1 of 2 (SAMPLE_LOG_ERRORS)",
                "ERROR injected failure 2 of 2 (SAMPLE_LOG_ERRORS)");
        assertThat(LoggedErrors.lines(0)).isEmpty();
    }
}
