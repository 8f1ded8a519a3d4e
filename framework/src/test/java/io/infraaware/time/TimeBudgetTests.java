package io.infraaware.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeBudgetTests {

  private final TimeBudget connect = TimeBudget.of(Duration.ofSeconds(600), 0.01);

  @Test
  void scalesTheConfiguredTimeout() {
    assertThat(connect.effective()).isEqualTo(Duration.ofSeconds(6));
    assertThat(connect.tolerance()).isEqualTo(Duration.ofMillis(600));
    assertThat(connect.toString()).isEqualTo("TimeBudget[10m x 0.01 = 6s ± 600ms]");
  }

  @Test
  void derivesStallsOnEitherSide() {
    assertThat(connect.stallUnder()).isEqualTo(Duration.ofMillis(4800));
    assertThat(connect.stallPast()).isEqualTo(Duration.ofMillis(7200));
  }

  @Test
  void aFailureCountsAsAtTheBudgetOnlyWithinTheTolerance() {
    assertThat(connect.firedAtBudget(Duration.ofMillis(6000))).isTrue();
    assertThat(connect.firedAtBudget(Duration.ofMillis(6550))).isTrue();
    assertThat(connect.firedAtBudget(Duration.ofMillis(5300))).as("too early").isFalse();
    assertThat(connect.firedAtBudget(Duration.ofMillis(5700)))
        .as("within the tolerance, but before the timeout: fired early")
        .isFalse();
    assertThat(connect.firedAtBudget(Duration.ofMillis(5950))).as("timer granularity").isTrue();
    assertThat(connect.firedAtBudget(Duration.ofMillis(6700))).as("too late").isFalse();
  }

  @Test
  void waitsAndTimeoutsNeverEndBeforeTheBudgetCouldFire() {
    assertThat(connect.awaitAtMost()).isGreaterThan(connect.effective().plus(connect.tolerance()));
    assertThat(connect.clientTimeout()).isGreaterThan(connect.awaitAtMost());
    assertThat(connect.testTimeout())
        .isGreaterThan(connect.stallPast().plus(connect.clientTimeout()));
  }

  @Test
  void smallBudgetsKeepAUsableTolerance() {
    assertThat(TimeBudget.of(Duration.ofSeconds(1), 0.1).tolerance())
        .isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> TimeBudget.of(Duration.ZERO, 1))
        .hasMessageContaining("positive timeout");
    assertThatThrownBy(() -> TimeBudget.of(Duration.ofSeconds(1), 0))
        .hasMessageContaining("greater than 0");
    assertThatThrownBy(() -> TimeBudget.of(Duration.ofSeconds(1), Double.NaN))
        .hasMessageContaining("greater than 0");
  }
}
