package io.infraaware.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infraaware.time.Calibration;
import io.infraaware.time.TimingError;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PromiseWaitTests {

  private final Calibration calibration = Calibration.start(Duration.ofMillis(300));

  @AfterEach
  void close() {
    calibration.close();
  }

  @Test
  void aPromiseKeptPasses() {
    AtomicInteger checks = new AtomicInteger();
    PromiseWait.of("the breaker opens", Duration.ofSeconds(2))
        .judgedBy(calibration)
        .until(() -> checks.incrementAndGet() >= 3);
    assertThat(checks).hasValue(3);
  }

  /** The deliberate defect: what never comes true is blamed on the system, with its last check. */
  @Test
  void aPromiseNeverKeptIsBlamedOnTheSystem() {
    assertThatThrownBy(
            () ->
                PromiseWait.of("the breaker opens", Duration.ofMillis(200))
                    .judgedBy(calibration)
                    .untilAsserted(() -> assertThat("CLOSED").as("the breaker").isEqualTo("OPEN")))
        .isExactlyInstanceOf(TimingError.class)
        .hasMessageStartingWith("the breaker opens had not happened after")
        .hasMessageContaining("over its promise of 200 ms")
        .satisfies(
            verdict ->
                assertThat(verdict.getSuppressed()[0]).hasMessageContaining("[the breaker]"));
  }

  @Test
  void badInputIsNamed() {
    assertThatThrownBy(() -> PromiseWait.of("x", Duration.ZERO))
        .hasMessage("A promise needs a positive time, was PT0S for [x]");
    assertThatThrownBy(
            () -> PromiseWait.of("x", Duration.ofSeconds(2)).atMost(Duration.ofSeconds(1)))
        .hasMessage("A wait for [x] must last at least its promise of PT2S, was PT1S");
  }
}
