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
    // 3 s in OPEN (300 s scaled by 0.01): long enough that a busy machine does not skip it
    Breakers breakers =
        new Breakers(
            SampleConfig.from(Map.of("TIME_SCALE", "0.01", "BREAKER_WAIT_IN_OPEN", "300s")));
    CircuitBreaker database = breakers.get(Breakers.DATABASE);
    CircuitBreakerView view = CircuitBreakerView.resilience4j(database);
    for (int i = 0; i < 5; i++) {
      database.onError(
          1, TimeUnit.MILLISECONDS, new java.sql.SQLTransientConnectionException("database down"));
    }
    assertThatBreaker(view).isIn(OPEN);
    assertThat(database.tryAcquirePermission()).isFalse();
    assertThat(database.tryAcquirePermission()).isFalse();
    assertThatBreaker(view).reaches(HALF_OPEN, Duration.ofSeconds(15));
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

  @Test
  void everyTransitionIsOneJsonLineWithItsTargetTheCallsSinceThePreviousOneAndWhyItOpened()
      throws Exception {
    java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    Breakers breakers =
        new Breakers(
            SampleConfig.from(
                Map.of(
                    "TIME_SCALE",
                    "0.01",
                    "BREAKER_WAIT_IN_OPEN",
                    "300s",
                    "DATABASE_URL",
                    "jdbc:postgresql://127.0.0.1:5999/test?password=s3cret-pw")),
            new Events(lines::add));
    CircuitBreaker database = breakers.get(Breakers.DATABASE);
    CircuitBreakerView view = CircuitBreakerView.resilience4j(database);
    database.onSuccess(1, TimeUnit.MILLISECONDS);
    // five calls are the minimum, and 4 failures of 5 are over 50 %: the fourth opens it
    for (int i = 0; i < 4; i++) {
      database.onError(
          1,
          TimeUnit.MILLISECONDS,
          new java.sql.SQLTransientConnectionException(
              "Connection to 127.0.0.1:5999 refused (attempt " + i + ")"));
    }
    assertThat(database.tryAcquirePermission()).isFalse();
    assertThatBreaker(view).reaches(HALF_OPEN, Duration.ofSeconds(15));
    for (int i = 0; i < 3; i++) {
      database.onSuccess(1, TimeUnit.MILLISECONDS);
    }
    assertThatBreaker(view).reaches(CLOSED, Duration.ofSeconds(1));

    assertThat(lines).allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
    assertThat(String.join("\n", lines)).doesNotContain("s3cret-pw");
    java.util.List<com.fasterxml.jackson.databind.JsonNode> transitions =
        new java.util.ArrayList<>();
    for (String line : lines) {
      com.fasterxml.jackson.databind.JsonNode node = Http.JSON.readTree(line);
      if (node.path("event").asText().equals("breaker.transition")) {
        transitions.add(node);
      }
    }
    assertThat(transitions)
        .extracting(t -> t.path("to").asText())
        .containsExactly("OPEN", "HALF_OPEN", "CLOSED");
    com.fasterxml.jackson.databind.JsonNode opened = transitions.get(0);
    assertThat(opened.path("level").asText()).isEqualTo("WARN");
    assertThat(opened.path("target").asText())
        .startsWith("jdbc:postgresql://127.0.0.1:5999/test")
        .contains("****");
    assertThat(opened.path("cause").asText())
        .isEqualTo(
            "SQLTransientConnectionException: Connection to 127.0.0.1:5999 refused (attempt 3)");
    assertThat(opened.path("callsSincePrevious").path("succeeded").asLong()).isEqualTo(1);
    assertThat(opened.path("callsSincePrevious").path("failed").asLong()).isEqualTo(4);
    assertThat(opened.path("failureRate").asDouble()).isEqualTo(80.0);
    assertThat(opened.path("waitInOpenMillis").asLong()).isEqualTo(3000);
    com.fasterxml.jackson.databind.JsonNode halfOpen = transitions.get(1);
    assertThat(halfOpen.path("callsSincePrevious").path("notPermitted").asLong()).isEqualTo(1);
    com.fasterxml.jackson.databind.JsonNode closed = transitions.get(2);
    assertThat(closed.path("level").asText()).isEqualTo("INFO");
    assertThat(closed.path("callsSincePrevious").path("succeeded").asLong()).isEqualTo(3);
    assertThat(closed.path("callsSincePrevious").path("failed").asLong()).isZero();
    // Resilience4j's metrics start again on these transitions: no -1 % rate to mislead
    assertThat(closed.has("failureRate")).isFalse();
    assertThat(closed.has("cause")).isFalse();
    assertThat(lines)
        .filteredOn(line -> line.contains("\"event\":\"alert\""))
        .hasSize(2)
        .first()
        .asString()
        .startsWith("{\"level\":\"ERROR\",\"event\":\"alert\"");
  }
}
