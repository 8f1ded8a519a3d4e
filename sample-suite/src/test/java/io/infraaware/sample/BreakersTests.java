package io.infraaware.sample;

import static io.infraaware.chaos.breaker.BreakerState.CLOSED;
import static io.infraaware.chaos.breaker.BreakerState.HALF_OPEN;
import static io.infraaware.chaos.breaker.BreakerState.OPEN;
import static io.infraaware.chaos.breaker.CircuitBreakerAssert.assertThatBreaker;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.infraaware.chaos.breaker.CircuitBreakerView;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BreakersTests {

  @Test
  void aBreakerOpensOnFailuresHalfOpensByItselfAfterItsScaledWaitAndRecordsEveryTransition() {
    Breakers breakers =
        new Breakers(
            SampleConfig.from(Map.of("TIME_SCALE", "0.01", "BREAKER_WAIT_IN_OPEN", "30s")));
    CircuitBreaker database = breakers.get(Breakers.DATABASE);
    CircuitBreakerView view = CircuitBreakerView.resilience4j(database);
    for (int i = 0; i < 5; i++) {
      database.onError(
          1, TimeUnit.MILLISECONDS, new java.sql.SQLTransientConnectionException("database down"));
    }
    assertThatBreaker(view).isIn(OPEN);
    assertThat(database.tryAcquirePermission()).isFalse();
    assertThat(database.tryAcquirePermission()).isFalse();
    assertThatBreaker(view).reaches(HALF_OPEN, Duration.ofSeconds(3));
    // Resilience4j's own count starts again in HALF_OPEN; the sample's does not
    assertThat(database.getMetrics().getNumberOfNotPermittedCalls()).isZero();
    assertThat(breakers.rejectedCalls(Breakers.DATABASE)).isEqualTo(2);
    for (int i = 0; i < 3; i++) {
      database.onSuccess(1, TimeUnit.MILLISECONDS);
    }
    assertThatBreaker(view).reaches(CLOSED, Duration.ofSeconds(1));
    assertThat(breakers.transitions(Breakers.DATABASE))
        .extracting(Breakers.Transition::to)
        .containsExactly("OPEN", "HALF_OPEN", "CLOSED");
  }

  @Test
  void aRefusalForGoodSaysNothingAboutTheDependencysHealth() {
    Breakers breakers = new Breakers(SampleConfig.from(Map.of()));
    CircuitBreaker database = breakers.get(Breakers.DATABASE);
    for (int i = 0; i < 10; i++) {
      database.onError(
          1,
          TimeUnit.MILLISECONDS,
          new java.sql.SQLDataException("invalid byte sequence", "22021"));
    }
    assertThatBreaker(CircuitBreakerView.resilience4j(database)).isIn(CLOSED);
    assertThat(database.getMetrics().getNumberOfFailedCalls()).isZero();
  }

  @Test
  void stagingWaitsLongerInOpenBeforeTrialCalls() {
    Breakers staging =
        new Breakers(
            SampleConfig.from(
                Map.of(
                    "TIME_SCALE",
                    "0.01",
                    "BREAKER_WAIT_IN_OPEN",
                    "30s",
                    "ENVIRONMENT",
                    "staging")));
    CircuitBreaker database = staging.get(Breakers.DATABASE);
    assertThat(database.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1))
        .isEqualTo(600L);
  }

  @Test
  void aCriticalDependencysBreakerOpeningRaisesAnAlertAndClosingResolvesIt() {
    Breakers breakers =
        new Breakers(
            SampleConfig.from(Map.of("TIME_SCALE", "0.01", "BREAKER_WAIT_IN_OPEN", "30s")));
    java.util.List<Alerts.Alert> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    breakers.alerts().onAlert(heard::add);
    for (String name : java.util.List.of(Breakers.DATABASE, Breakers.REDIS)) {
      for (int i = 0; i < 5; i++) {
        breakers
            .get(name)
            .onError(
                1, TimeUnit.MILLISECONDS, new java.sql.SQLTransientConnectionException("down"));
      }
    }
    // redis is not critical by default: no alert for it
    assertThat(heard).extracting(Alerts.Alert::dependency).containsExactly("database");
    assertThat(heard.get(0).state()).isEqualTo("OPEN");
    assertThat(breakers.alerts().openCritical()).containsExactly("database");
    CircuitBreaker database = breakers.get(Breakers.DATABASE);
    assertThatBreaker(CircuitBreakerView.resilience4j(database))
        .reaches(HALF_OPEN, Duration.ofSeconds(3));
    for (int i = 0; i < 3; i++) {
      database.onSuccess(1, TimeUnit.MILLISECONDS);
    }
    assertThat(heard).extracting(Alerts.Alert::state).containsExactly("OPEN", "RESOLVED");
    assertThat(breakers.alerts().openCritical()).isEmpty();
  }
}
