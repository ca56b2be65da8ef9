package io.openclaw.deploy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorBudgetTest {
    static int errors(ErrorBudget budget, int requests) {
        int n = 0;
        for (int i = 0; i < requests; i++) {
            if (budget.nextIsError()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void fivePercentIsExactlyFiveInAHundred() {
        assertThat(errors(new ErrorBudget(0.05), 100)).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.05, 0.07, 0.1, 0.29, 0.3, 0.5, 0.57, 0.99})
    void everyPrefixIsWithinOneOfTheRate(double rate) {
        ErrorBudget budget = new ErrorBudget(rate);
        int errors = 0;
        for (int n = 1; n <= 1000; n++) {
            if (budget.nextIsError()) {
                errors++;
            }
            assertThat((double) errors).as("after %d requests", n).isCloseTo(n * rate, org.assertj.core.data.Offset.offset(1.0));
        }
        assertThat(errors).isEqualTo((int) Math.round(1000 * rate));
    }

    @Test
    void decimalRatesAreExact() {
        // 100 * 0.29 is 28.999999999999996 in doubles; the budget must still give 29.
        assertThat(errors(new ErrorBudget(0.29), 100)).isEqualTo(29);
        assertThat(errors(new ErrorBudget(0.57), 100)).isEqualTo(57);
    }

    @Test
    void noneAndAll() {
        assertThat(errors(new ErrorBudget(0), 1000)).isZero();
        assertThat(errors(new ErrorBudget(1), 1000)).isEqualTo(1000);
    }
}
